"""Figures the national report takes from the registry (its diversion section).

Read-only and State-scoped; the reporting app calls `diversion_figures` for the reporting
period instead of asking officials to count by hand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum

from salw.registry.choices import EventKind
from salw.registry.models import DiversionIncident, WeaponEvent


@dataclass(frozen=True)
class DiversionFigures:
    incidents: int
    weapons_in_incidents: int
    reported_lost: int
    reported_stolen: int


def diversion_figures(state_id: int, start: datetime.date, end: datetime.date) -> DiversionFigures:
    """Diversion incidents, and losses and thefts recorded (events in force), in [start, end]."""
    incidents = DiversionIncident.objects.filter(
        state_id=state_id, occurred_on__gte=start, occurred_on__lte=end
    )
    # The number stated on each incident: often more weapons went than could be identified.
    weapons = incidents.aggregate(n=Sum("weapon_count"))["n"] or 0
    events = (
        WeaponEvent.objects.filter(
            state_id=state_id,
            kind__in=[EventKind.LOST, EventKind.STOLEN],
            date__gte=start,
            date__lte=end,
        )
        .in_force()
        .values("kind")
        .annotate(n=Count("weapon", distinct=True))
    )
    by_kind = {row["kind"]: row["n"] for row in events}
    return DiversionFigures(
        incidents=incidents.count(),
        weapons_in_incidents=weapons,
        reported_lost=by_kind.get(EventKind.LOST, 0),
        reported_stolen=by_kind.get(EventKind.STOLEN, 0),
    )
