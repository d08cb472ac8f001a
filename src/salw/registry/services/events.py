"""Recording life events, correcting them, and deriving a weapon's status from them."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.registry.choices import LEAVES_SITE, STATUS_AFTER, EventKind, WeaponStatus
from salw.registry.models import Component, Site, Weapon, WeaponEvent
from salw.registry.services.access import editable
from salw.registry.services.lifecycle import check_lifecycle
from salw.registry.services.weapons import check_country

# Kinds that have their own service, with their own checks.
NOT_RECORDED_HERE = {EventKind.COMPONENT_MOVED, EventKind.CORRECTED}
EVENT_FIELDS = (
    "place",
    "organisation",
    "licence",
    "end_user_certificate",
    "other_documents",
    "counterpart_country",
    "destruction_method",
    "custodian",
    "note",
)


def _check_event(
    weapon: Weapon,
    kind: str,
    date: datetime.date,
    values: dict[str, Any],
    replacing: WeaponEvent | None = None,
) -> None:
    if kind not in EventKind.values or kind in NOT_RECORDED_HERE:
        raise ValidationError({"kind": _("This kind of event cannot be recorded here.")})
    values["counterpart_country"] = check_country(
        values.get("counterpart_country", ""), "counterpart_country"
    )
    check_lifecycle(weapon, kind, date, values, replacing=replacing)
    if kind == EventKind.DESTROYED and not values.get("destruction_method"):
        raise ValidationError({"destruction_method": _("Say how the weapon was destroyed.")})
    if kind == EventKind.ISSUED and not values.get("custodian"):
        raise ValidationError({"custodian": _("Say to whom the weapon was issued.")})
    if kind == EventKind.ENTERED_STOCKPILE and values.get("site") is None:
        raise ValidationError({"site": _("Say which site the weapon entered.")})
    site = values.get("site")
    if site is not None and site.state_id != weapon.state_id:
        raise ValidationError({"site": _("The site belongs to another State.")})
    if kind == EventKind.SITE_MOVE:
        if site is None:
            raise ValidationError({"site": _("Say to which of your sites the weapon moved.")})
        if site.pk == weapon.site_id and replacing is None:
            raise ValidationError({"site": _("The weapon is at this site already.")})
    if kind in (EventKind.EXPORTED, EventKind.TRANSFERRED) and site is not None:
        raise ValidationError(
            {"site": _("A transfer out of the State leaves the weapon at none of your sites: "
                       "leave the site empty (a move between your own sites is “%(move)s”).")
             % {"move": EventKind.SITE_MOVE.label}}
        )  # fmt: skip


@transaction.atomic
def record_event(
    weapon: Weapon,
    kind: str,
    *,
    actor: Any,
    date: datetime.date,
    site: Site | None = None,
    **values: Any,
) -> WeaponEvent:
    """Append one life event to a weapon's history and bring its derived status up to date."""
    weapon = editable(weapon, actor)
    # One event at a time per weapon, so two officers cannot both pass the order rules.
    Weapon.objects.select_for_update().filter(pk=weapon.pk).first()
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    values = {name: (value or "") for name, value in values.items()}
    values["site"] = site
    _check_event(weapon, kind, date, values)
    event = WeaponEvent.objects.create(
        state_id=weapon.state_id,
        weapon=weapon,
        kind=kind,
        date=date,
        recorded_by=actor,
        **values,
    )
    refresh_derived_state(weapon)
    return event


@transaction.atomic
def correct_event(
    original: WeaponEvent,
    *,
    actor: Any,
    reason: str,
    withdraw: bool = False,
    **changes: Any,
) -> WeaponEvent:
    """Put a wrong event right with a new one that points at it; the wrong one stays on record.

    `withdraw=True` says the event should never have been recorded (kind "corrected"); otherwise
    the new event carries the original's facts with `changes` applied. A component move can only
    be withdrawn, which puts the component back.
    """
    original = editable(original, actor)
    if not reason.strip():
        raise ValidationError({"note": _("Say why the event is corrected.")})
    if WeaponEvent.objects.filter(corrects=original).exists():
        raise ValidationError(
            {"corrects": _("This event was corrected already; correct the correction instead.")}
        )
    if original.kind == EventKind.CORRECTED:
        raise ValidationError({"corrects": _("A withdrawal cannot be corrected.")})
    if original.kind == EventKind.COMPONENT_MOVED and not withdraw:
        raise ValidationError({"kind": _("A component move can only be withdrawn.")})
    values = {name: getattr(original, name) for name in EVENT_FIELDS}
    values.update(
        kind=original.kind,
        date=original.date,
        site=original.site,
        component=original.component,
        from_weapon=original.from_weapon,
    )
    values.update(changes)
    values["note"] = reason.strip()
    if withdraw:
        values["kind"] = EventKind.CORRECTED
    else:
        _check_event(original.weapon, values["kind"], values["date"], values, replacing=original)
    correction = WeaponEvent.objects.create(
        state_id=original.state_id,
        weapon_id=original.weapon_id,
        corrects=original,
        recorded_by=actor,
        **values,
    )
    if original.kind == EventKind.COMPONENT_MOVED and original.component_id:
        _refresh_component_place(original.component)
    refresh_derived_state(original.weapon)
    return correction


def _refresh_component_place(component: Component) -> None:
    """Where a component is now: the last move in force, else where it was before any move."""
    moves = WeaponEvent.objects.filter(component=component, kind=EventKind.COMPONENT_MOVED)
    in_force = moves.in_force().order_by("-date", "-id").first()
    first = moves.order_by("date", "id").first()
    place = in_force.weapon_id if in_force else (first.from_weapon_id if first else None)
    if place and place != component.weapon_id:
        component.weapon_id = place
        component.save(update_fields=["weapon"])


def derive_state(events: list[WeaponEvent]) -> tuple[str, datetime.date | None, int | None]:
    """Status, since when, and site after `events` (in force, in date order)."""
    status, since, site_id = WeaponStatus.RECORDED, None, None
    for event in events:
        new_status = STATUS_AFTER.get(event.kind)
        if new_status is None:
            continue
        status, since = new_status, event.date
        if event.site_id:
            site_id = event.site_id
        elif event.kind in LEAVES_SITE:
            site_id = None
    return status, since, site_id


def refresh_derived_state(weapon: Weapon) -> Weapon:
    """Recompute the weapon's stored status, status date and site from its events in force."""
    events = list(
        WeaponEvent.objects.filter(weapon=weapon).in_force().only("kind", "date", "site_id")
    )
    status, since, site_id = derive_state(events)
    if (weapon.status, weapon.status_since, weapon.site_id) != (status, since, site_id):
        weapon.status, weapon.status_since, weapon.site_id = status, since, site_id
        weapon.save(update_fields=["status", "status_since", "site"])
    return weapon
