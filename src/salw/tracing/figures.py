"""Aggregate figures of tracing cooperation: what the secretariat sees (never a request)."""

import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from salw.states.models import State
from salw.tracing.choices import Step
from salw.tracing.deadlines import Due, due
from salw.tracing.models import TracingRequest


@dataclass(frozen=True)
class StateFigures:
    """How one State answered the requests it received."""

    state: State
    received: int
    answered: int
    median_days: float | None

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.answered / self.received, 1) if self.received else None


def response_figures() -> list[StateFigures]:
    """Per requested State: requests received (sent), answered, and the median days to answer."""
    rows = TracingRequest.objects.with_status().filter(sent_at__isnull=False)
    per_state: dict[int, list[Any]] = {}
    for request in rows.values("requested_state_id", "sent_at", "answered_at"):
        per_state.setdefault(request["requested_state_id"], []).append(request)
    states = State.objects.in_bulk(list(per_state))
    figures = []
    for state_id, requests in per_state.items():
        days = [
            (r["answered_at"] - r["sent_at"]).total_seconds() / 86400
            for r in requests
            if r["answered_at"]
        ]
        figures.append(
            StateFigures(
                state=states[state_id],
                received=len(requests),
                answered=len(days),
                median_days=round(statistics.median(days), 1) if days else None,
            )
        )
    return sorted(figures, key=lambda f: f.state.iso3)


@dataclass(frozen=True)
class Owed:
    request: TracingRequest
    due: Due
    overdue: bool


def owed_by(state_id: int, now: datetime | None = None) -> list[Owed]:
    """What a State owes on requests it received, soonest first, overdue flagged."""
    now = now or timezone.now()
    waiting = (
        TracingRequest.objects.with_status()
        .filter(requested_state_id=state_id, status__in=[Step.SENT, Step.ACKNOWLEDGED])
        .select_related("requesting_state", "requested_state")
    )
    owed = [Owed(r, d, d.is_overdue(now)) for r in waiting if (d := due(r))]
    return sorted(owed, key=lambda o: o.due.by)


def all_overdue(now: datetime | None = None) -> list[tuple[TracingRequest, Due]]:
    """Every overdue request of every State (for `salw tracing remind`)."""
    now = now or timezone.now()
    waiting = (
        TracingRequest.objects.with_status()
        .filter(status__in=[Step.SENT, Step.ACKNOWLEDGED])
        .select_related("requesting_state", "requested_state")
    )
    return [(r, d) for r in waiting if (d := due(r)) and d.is_overdue(now)]
