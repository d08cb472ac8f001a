"""Retention of records (ITI para 12): at least 30 years for manufacturing records, 20 for others.

The registry never deletes a record: weapons are protected by their events, and events are
append-only in the database. What this module gives is the review list: records of weapons that
have left the State's holdings and whose minimum retention has run out, so that a State can decide
to keep them longer (the ITI asks for "indefinitely where possible"). `earliest_purge_date` is
what any purge tool must respect; before it, `check_purge_allowed` refuses.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.registry.choices import EventKind, WeaponStatus
from salw.registry.models import Weapon

MANUFACTURING_YEARS = 30
OTHER_YEARS = 20
# A record can only come up for review once the weapon has left the State's holdings for good.
CLOSED_STATUSES = (WeaponStatus.EXPORTED, WeaponStatus.TRANSFERRED, WeaponStatus.DESTROYED)


def _years_before(date: datetime.date, years: int) -> datetime.date:
    try:
        return date.replace(year=date.year - years)
    except ValueError:  # 29 February
        return date.replace(year=date.year - years, day=28)


def _years_after(date: datetime.date, years: int) -> datetime.date:
    return _years_before(date, -years)


def with_retention(queryset: QuerySet) -> QuerySet:
    """Annotate each weapon with its last event and its manufacture (events in force only)."""
    in_force = Q(events__correction__isnull=True)
    return queryset.annotate(
        last_event=Max("events__date", filter=in_force),
        manufactured=Min("events__date", filter=in_force & Q(events__kind=EventKind.MANUFACTURED)),
    )


def due_for_review(user: Any, as_of: datetime.date | None = None) -> QuerySet:
    """The user's State's closed records whose minimum retention has run out on `as_of`."""
    as_of = as_of or timezone.localdate()
    other_limit = _years_before(as_of, OTHER_YEARS)
    making_limit = _years_before(as_of, MANUFACTURING_YEARS)
    return (
        with_retention(Weapon.objects.visible_to(user).filter(status__in=CLOSED_STATUSES))
        .filter(last_event__lte=other_limit)
        .filter(Q(manufactured__isnull=True) | Q(manufactured__lte=making_limit))
        .order_by("last_event", "id")
    )


def earliest_purge_date(weapon: Weapon) -> datetime.date | None:
    """The first day the weapon's records may be reviewed for purging; None while it is held."""
    if weapon.status not in CLOSED_STATUSES:
        return None
    facts = with_retention(Weapon.objects.filter(pk=weapon.pk)).values(
        "last_event", "manufactured"
    )[0]
    dates = [_years_after(facts["last_event"], OTHER_YEARS)]
    if facts["manufactured"]:
        dates.append(_years_after(facts["manufactured"], MANUFACTURING_YEARS))
    return max(dates)


def check_purge_allowed(weapon: Weapon, as_of: datetime.date | None = None) -> None:
    """Refuse any purge of a weapon's records before the ITI minimum retention has run out."""
    as_of = as_of or timezone.localdate()
    earliest = earliest_purge_date(weapon)
    if earliest is None:
        raise ValidationError(
            _("The weapon is still in the State's holdings: its records are kept."),
            code="retention",
        )
    if as_of < earliest:
        raise ValidationError(
            _("The records of this weapon must be kept until %(date)s at least (ITI para 12).")
            % {"date": earliest},
            code="retention",
        )
