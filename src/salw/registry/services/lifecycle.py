"""The life-cycle rules every recorded event obeys, whatever the door (page, API, CLI, import).

Events are append-only, so an impossible event would stay forever: the rules are checked before
the event is written, each refusal a translated message that names the rule broken.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salw.registry.choices import EventKind
from salw.registry.models import Component, Weapon, WeaponEvent
from salw.registry.services.dates import check_date

# After these the weapon is gone from the State: only a correction may follow.
ENDS_HISTORY = frozenset({EventKind.DESTROYED, EventKind.EXPORTED})
# Kinds that name the other country of a movement across borders.
NEEDS_COUNTRY = frozenset({EventKind.EXPORTED})


def _day(date: datetime.date) -> str:
    return date_format(date, "DATE_FORMAT")


def check_lifecycle(
    weapon: Weapon,
    kind: str,
    date: datetime.date,
    values: dict[str, Any],
    *,
    replacing: WeaponEvent | None = None,
) -> None:
    """Refuse an event that breaks a life-cycle rule of `weapon`.

    `replacing` is the event a correction puts right: the correction stands in its place, so it
    may follow the end of the history and is ordered against the events before the original.
    """
    check_date(date)
    if kind in NEEDS_COUNTRY and not values.get("counterpart_country"):
        raise ValidationError(
            {"counterpart_country": _("Life-cycle rule: an export needs the receiving country.")}
        )
    year = weapon.year_of_manufacture
    if year and date.year < year:
        raise ValidationError(
            {"date": _("Life-cycle rule: no event before manufacture; the weapon was made in "
                       "%(year)s.") % {"year": year}}
        )  # fmt: skip
    in_force = WeaponEvent.objects.filter(weapon=weapon).in_force().order_by("date", "id")
    if replacing is not None:
        in_force = in_force.exclude(pk=replacing.pk).filter(
            date__lte=replacing.date
        ).exclude(date=replacing.date, id__gt=replacing.pk)  # fmt: skip
    else:
        ended = in_force.filter(kind__in=ENDS_HISTORY).last()
        if ended is not None:
            raise ValidationError(
                {"kind": _("Life-cycle rule: no event after “%(event)s” (%(date)s) except a "
                           "correction of the record.")
                 % {"event": ended.get_kind_display(), "date": _day(ended.date)}}
            )  # fmt: skip
    previous = in_force.last()
    if previous is not None and date < previous.date:
        raise ValidationError(
            {"date": _("Life-cycle rule: no event before the previous event of the weapon "
                       "(“%(event)s”, %(date)s).")
             % {"event": previous.get_kind_display(), "date": _day(previous.date)}}
        )  # fmt: skip


def check_component_move(component: Component, to_weapon: Weapon, date: datetime.date) -> None:
    """Refuse a component move that breaks a life-cycle rule of the component or either weapon."""
    check_lifecycle(to_weapon, EventKind.COMPONENT_MOVED, date, {})
    from_weapon = component.weapon
    year = from_weapon.year_of_manufacture
    if year and date.year < year:
        raise ValidationError(
            {"date": _("Life-cycle rule: no event before manufacture; the weapon was made in "
                       "%(year)s.") % {"year": year}}
        )  # fmt: skip
    last_move = (
        WeaponEvent.objects.filter(component=component, kind=EventKind.COMPONENT_MOVED)
        .in_force()
        .order_by("date", "id")
        .last()
    )
    if last_move is not None and date < last_move.date:
        raise ValidationError(
            {"date": _("Life-cycle rule: no move of a component before its previous move "
                       "(%(date)s).") % {"date": _day(last_move.date)}}
        )  # fmt: skip
