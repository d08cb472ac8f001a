"""Sites, inventory counts and reconciliation, and diversion incidents."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.registry.choices import (
    EVENT_AFTER_DIVERSION,
    DiscrepancyKind,
    DiscrepancyResolution,
    DiversionKind,
    EventKind,
    WeaponStatus,
)
from salw.registry.models import (
    Discrepancy,
    DiversionIncident,
    InventoryCount,
    InventoryCountItem,
    Site,
    Weapon,
    WeaponEvent,
)
from salw.registry.services.access import editable, writable_state_id
from salw.registry.services.events import record_event
from salw.registry.services.weapons import check_date


@transaction.atomic
def create_site(
    *, actor: Any, code: str, name: str, location: str = "", custodian: str = ""
) -> Site:
    """Add a stockpile site to the actor's State."""
    state_id = writable_state_id(actor)
    code = code.strip()
    if Site.objects.filter(state_id=state_id, code=code).exists():
        raise ValidationError({"code": _("A site with the code %(code)s exists.") % {"code": code}})
    site = Site(state_id=state_id, code=code, name=name, location=location, custodian=custodian)
    site.full_clean()
    site.save()
    return site


def expected_at(site: Site) -> Iterable[Weapon]:
    """What the register says is at the site: in its stockpile (issued weapons are out)."""
    return Weapon.objects.filter(site=site, status=WeaponStatus.IN_STOCKPILE)


@transaction.atomic
def record_count(
    site: Site,
    weapons: Iterable[Weapon],
    *,
    actor: Any,
    counted_on: datetime.date,
    counted_by: str = "",
    unregistered: Iterable[str] = (),
    shared: Iterable[str] = (),
) -> InventoryCount:
    """Record a physical count of a site and reconcile it against the register at once.

    Weapons expected but not counted, and counted but not expected, become discrepancies; so do
    what the counters wrote that is on no record (`unregistered`) and serials that several weapons
    share (`shared`), to be resolved one by one. None of them changes a weapon's status until a
    record keeper confirms it.
    """
    site = editable(site, actor)
    check_date(counted_on, "counted_on")
    counted = {weapon.pk for weapon in weapons}
    foreign = counted - set(
        Weapon.objects.filter(pk__in=counted, state_id=site.state_id).values_list("pk", flat=True)
    )
    if foreign:
        raise ValidationError({"weapons": _("Some counted weapons are not on your register.")})
    count = InventoryCount.objects.create(
        state_id=site.state_id,
        site=site,
        counted_on=counted_on,
        counted_by=counted_by,
        recorded_by=actor,
        reconciled_at=timezone.now(),
    )
    InventoryCountItem.objects.bulk_create(
        InventoryCountItem(count=count, weapon_id=pk) for pk in sorted(counted)
    )
    expected = set(expected_at(site).values_list("pk", flat=True))
    Discrepancy.objects.bulk_create(
        [Discrepancy(count=count, weapon_id=pk, kind=DiscrepancyKind.MISSING)
         for pk in sorted(expected - counted)]
        + [Discrepancy(count=count, weapon_id=pk, kind=DiscrepancyKind.UNEXPECTED)
           for pk in sorted(counted - expected)]
        + [Discrepancy(count=count, reported_as=line[:100], kind=DiscrepancyKind.UNREGISTERED)
           for line in dict.fromkeys(unregistered)]
        + [Discrepancy(count=count, reported_as=line[:100], kind=DiscrepancyKind.DUPLICATE)
           for line in dict.fromkeys(shared)]
    )  # fmt: skip
    return count


@transaction.atomic
def confirm_discrepancy(discrepancy: Discrepancy, *, actor: Any, note: str = "") -> WeaponEvent:
    """Confirm that a missing weapon is missing: it is recorded as lost, on the count's date.

    The loss flags the weapon at once for the State's tracing officers.
    """
    discrepancy = Discrepancy.objects.select_for_update().get(pk=discrepancy.pk)
    count = editable(discrepancy.count, actor)
    if discrepancy.kind != DiscrepancyKind.MISSING:
        raise ValidationError({"kind": _("Only a missing weapon can be confirmed as lost.")})
    if discrepancy.confirmed_at is not None or discrepancy.resolution:
        raise ValidationError({"confirmed_at": _("This discrepancy was confirmed already.")})
    event = record_event(
        discrepancy.weapon,
        EventKind.LOST,
        actor=actor,
        date=count.counted_on,
        place=str(count.site),
        note=note or _("Missing at the inventory count of %(date)s.") % {"date": count.counted_on},
    )
    discrepancy.confirmed_at = timezone.now()
    discrepancy.confirmed_by = actor
    discrepancy.loss_event = event
    discrepancy.save(update_fields=["confirmed_at", "confirmed_by", "loss_event"])
    return event


@transaction.atomic
def confirm_missing(
    count: InventoryCount, discrepancy_ids: Iterable[int], *, actor: Any, note: str = ""
) -> list[WeaponEvent]:
    """Confirm many missing weapons of one count as lost at once: all of them, or none."""
    count = editable(count, actor)
    wanted = set(discrepancy_ids)
    chosen = list(count.discrepancies.filter(pk__in=wanted).order_by("pk"))
    if not chosen or len(chosen) != len(wanted):
        raise ValidationError({"discrepancies": _("Choose missing weapons of this count.")})
    return [confirm_discrepancy(item, actor=actor, note=note) for item in chosen]


@transaction.atomic
def resolve_discrepancy(
    discrepancy: Discrepancy,
    resolution: str,
    *,
    actor: Any,
    weapon: Weapon | None = None,
    note: str = "",
) -> Discrepancy:
    """Settle what a count found that the register did not expect.

    "registered" and "linked" name the weapon it is (newly registered, or already on the
    register): it is then counted at this count, and no longer missing if it was. "investigating"
    needs a note saying who looks into it.
    """
    discrepancy = Discrepancy.objects.select_for_update().get(pk=discrepancy.pk)
    count = editable(discrepancy.count, actor)
    if discrepancy.kind == DiscrepancyKind.MISSING:
        raise ValidationError({"kind": _("A missing weapon is confirmed as lost, not resolved.")})
    if discrepancy.resolution or discrepancy.confirmed_at is not None:
        raise ValidationError({"resolution": _("This discrepancy was resolved already.")})
    if resolution not in DiscrepancyResolution.values:
        raise ValidationError(
            {"resolution": _("“%(value)s” is not a valid choice.") % {"value": resolution}}
        )
    note = note.strip()
    if resolution == DiscrepancyResolution.INVESTIGATING:
        if not note:
            raise ValidationError({"note": _("Say who investigates and how.")})
    else:
        if weapon is None:
            raise ValidationError({"weapon": _("Name the weapon on the register.")})
        weapon = editable(weapon, actor)
        if weapon.state_id != count.state_id:
            raise ValidationError({"weapon": _("The weapon is on another State's register.")})
        if discrepancy.weapon_id and discrepancy.weapon_id != weapon.pk:
            raise ValidationError({"weapon": _("This discrepancy concerns another weapon.")})
        discrepancy.weapon = weapon
        InventoryCountItem.objects.get_or_create(count=count, weapon=weapon)
        count.discrepancies.filter(
            weapon=weapon, kind=DiscrepancyKind.MISSING, confirmed_at__isnull=True, resolution=""
        ).update(
            resolution=DiscrepancyResolution.LINKED,
            resolution_note=_("Counted as “%(text)s”.") % {"text": discrepancy.reported_as},
            confirmed_by=actor,
        )
    discrepancy.resolution = resolution
    discrepancy.resolution_note = note
    discrepancy.confirmed_at = timezone.now()
    discrepancy.confirmed_by = actor
    discrepancy.save()
    return discrepancy


@transaction.atomic
def record_diversion(
    *,
    actor: Any,
    occurred_on: datetime.date,
    description: str,
    kind: str = DiversionKind.OTHER,
    weapon_count: int | None = None,
    site: Site | None = None,
    weapons: Iterable[Weapon] = (),
) -> DiversionIncident:
    """Record a diversion incident (it feeds the diversion section of the national report).

    `weapon_count` is how many weapons went (at least the listed ones, which are recorded lost
    or stolen as the kind says, and so flagged for tracing).
    """
    state_id = writable_state_id(actor)
    check_date(occurred_on, "occurred_on")
    if kind not in DiversionKind.values:
        raise ValidationError({"kind": _("“%(value)s” is not a valid choice.") % {"value": kind}})
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    if site is not None:
        site = editable(site, actor)
    weapons = list(dict.fromkeys(editable(weapon, actor) for weapon in weapons))
    if weapon_count is None:
        weapon_count = len(weapons)
    if weapon_count < max(len(weapons), 1):
        raise ValidationError(
            {"weapon_count": _("At least %(number)s: the number of weapons listed, and one.")
             % {"number": max(len(weapons), 1)}}
        )  # fmt: skip
    incident = DiversionIncident.objects.create(
        state_id=state_id,
        occurred_on=occurred_on,
        kind=kind,
        weapon_count=weapon_count,
        site=site,
        description=description.strip(),
        recorded_by=actor,
    )
    incident.weapons.set(weapons)
    note = _("Diversion incident: %(kind)s.") % {"kind": DiversionKind(kind).label}
    for weapon in weapons:
        try:
            record_event(
                weapon,
                EVENT_AFTER_DIVERSION[kind],
                actor=actor,
                date=occurred_on,
                place=str(site or ""),
                note=note,
            )
        except ValidationError as refused:
            raise ValidationError(
                {"weapons": _("%(weapon)s: %(reason)s")
                 % {"weapon": weapon, "reason": " ".join(refused.messages)}}
            ) from refused  # fmt: skip
    return incident


@dataclass
class Identified:
    """Weapons named in a list, the names on no record, and serials several weapons share."""

    weapons: list[Weapon] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)


def resolve_weapons(state_id: int, identifiers: Iterable[str]) -> Identified:
    """The weapons named in a list (national record numbers or serials), and what is not one.

    A serial is matched after normalisation against the marks of reference components, so
    "ke-1001" finds the weapon whose frame reads "KE 1001"; a serial that two weapons share is
    never matched silently to one of them.
    """
    from salw.markings.normalise import normalise_marking
    from salw.registry.models import Marking

    wanted = list(dict.fromkeys(line.strip() for line in identifiers if line.strip()))
    by_ref = dict(
        Weapon.objects.exclude(source_ref="")
        .annotate(ref_key=Upper("source_ref"))
        .filter(state_id=state_id, ref_key__in={line.upper() for line in wanted})
        .values_list("ref_key", "pk")
    )
    keys = {line: normalise_marking(line) for line in wanted if line.upper() not in by_ref}
    by_serial: dict[str, set[int]] = {}
    for key, pk in Marking.objects.filter(
        state_id=state_id,
        serial_key__in=set(keys.values()),
        component__is_reference=True,
    ).values_list("serial_key", "component__weapon_id"):
        by_serial.setdefault(key, set()).add(pk)
    found: set[int] = set()
    result = Identified()
    for line in wanted:
        ref = by_ref.get(line.upper())
        candidates = {ref} if ref else by_serial.get(keys.get(line, ""), set())
        if len(candidates) == 1:
            found |= candidates
        elif candidates:
            result.shared.append(line)
        else:
            result.unknown.append(line)
    result.weapons = list(Weapon.objects.filter(pk__in=found))
    return result
