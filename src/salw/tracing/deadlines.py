"""Deadlines for acknowledging and answering a request, per priority.

The ITI sets no number of days (it asks for acknowledgement "within a reasonable time" and an
answer "in a timely way"), so these are policy, overridable in settings as
`SALW_TRACING_DEADLINES = {"urgent": {"acknowledge": 1, "answer": 2}, ...}` (days). The defaults
follow the one public benchmark, US ATF eTrace: urgent traces under 24 hours, routine about 9
days (12-14 in 2022); an answer from a State's records, often paper, needs more, hence 30 days for
routine answers. Reasons are in docs/tracing.md.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from salw.tracing.choices import Priority, Step

DEFAULT_DEADLINES = {
    Priority.URGENT: {"acknowledge": 1, "answer": 2},
    Priority.ROUTINE: {"acknowledge": 5, "answer": 30},
}


def deadline_days(priority: str, what: str) -> int:
    configured = getattr(settings, "SALW_TRACING_DEADLINES", {})
    return int(configured.get(priority, {}).get(what, DEFAULT_DEADLINES[Priority(priority)][what]))


@dataclass(frozen=True)
class Due:
    """What the requested State owes next on a request, and by when."""

    what: str  # "acknowledge" or "answer"
    by: datetime

    def is_overdue(self, now: datetime) -> bool:
        return now > self.by


def due(request: Any) -> Due | None:
    """The next deadline of a request annotated `with_status()`, or None when nothing is owed.

    Both clocks run from sending: a late acknowledgement does not move the answer's deadline.
    """
    if request.sent_at is None or request.status not in (Step.SENT, Step.ACKNOWLEDGED):
        return None
    if request.status == Step.SENT:
        days = deadline_days(request.priority, "acknowledge")
        return Due("acknowledge", request.sent_at + timedelta(days=days))
    return Due(
        "answer", request.sent_at + timedelta(days=deadline_days(request.priority, "answer"))
    )
