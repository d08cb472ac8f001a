"""Sites, inventory counts and reconciliation, and diversion incidents."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.registry.choices import DiscrepancyKind, EventKind, WeaponStatus
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
) -> InventoryCount:
    """Record a physical count of a site and reconcile it against the register at once.

    Weapons expected but not counted, and counted but not expected, become discrepancies; none of
    them changes a weapon's status until a record keeper confirms it.
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
    if discrepancy.confirmed_at is not None:
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
def record_diversion(
    *,
    actor: Any,
    occurred_on: datetime.date,
    description: str,
    site: Site | None = None,
    weapons: Iterable[Weapon] = (),
) -> DiversionIncident:
    """Record a diversion incident (it feeds the diversion section of the national report)."""
    state_id = writable_state_id(actor)
    check_date(occurred_on, "occurred_on")
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    if site is not None:
        site = editable(site, actor)
    weapons = [editable(weapon, actor) for weapon in weapons]
    incident = DiversionIncident.objects.create(
        state_id=state_id,
        occurred_on=occurred_on,
        site=site,
        description=description.strip(),
        recorded_by=actor,
    )
    incident.weapons.set(weapons)
    return incident


def resolve_weapons(state_id: int, identifiers: Iterable[str]) -> tuple[list[Weapon], list[str]]:
    """The weapons named in a list (national record numbers or serials) and the unknown names.

    A serial is matched after normalisation against the marks of reference components, so
    "ke-1001" finds the weapon whose frame reads "KE 1001".
    """
    from salw.markings.normalise import normalise_marking
    from salw.registry.models import Marking

    wanted = [line.strip() for line in identifiers if line.strip()]
    by_ref = dict(
        Weapon.objects.filter(state_id=state_id, source_ref__in=wanted)
        .exclude(source_ref="")
        .values_list("source_ref", "pk")
    )
    keys = {line: normalise_marking(line) for line in wanted if line not in by_ref}
    by_serial = dict(
        Marking.objects.filter(
            state_id=state_id,
            serial_key__in=set(keys.values()),
            component__is_reference=True,
        ).values_list("serial_key", "component__weapon_id")
    )
    found, unknown = set(), []
    for line in wanted:
        pk = by_ref.get(line) or by_serial.get(keys.get(line, ""))
        if pk:
            found.add(pk)
        else:
            unknown.append(line)
    return list(Weapon.objects.filter(pk__in=found)), unknown
