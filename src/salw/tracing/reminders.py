"""Reminders of overdue requests, sent by `salw tracing remind` (docs/tracing.md, "Deadlines").

A deadline that passes earns the requested State's tracing officers one reminder; once the
request is late by another whole deadline period (e.g. 10 days on a 5-day acknowledgement) the
State's focal points are copied, and after that the reminder is repeated at most once per further
period. Each reminder e-mailed is a `TracingReminder` row, so the command may run daily or
hourly: what was sent for a period is not sent again.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.markings.templatetags.marks import ltr_text
from salw.tracing.alerts import mail_to, people
from salw.tracing.choices import ReminderLevel
from salw.tracing.deadlines import Due
from salw.tracing.figures import all_overdue
from salw.tracing.models import TracingReminder, TracingRequest


def periods_late(request: TracingRequest, owed: Due, now: datetime) -> int:
    """How many deadline periods late `request` is, from 1 once the deadline has passed.

    A period is the deadline's own length (5 days for a routine acknowledgement); a deadline set
    to 0 days counts in days, so that its reminders still come once a day at most.
    """
    length = owed.by - request.sent_at  # type: ignore[attr-defined]
    if length <= timedelta(0):
        length = timedelta(days=1)
    return (now - owed.by) // length + 1


def level_for(period: int) -> str:
    return ReminderLevel.OFFICERS if period == 1 else ReminderLevel.FOCAL_POINTS


def readers(request: TracingRequest, level: str) -> list[User]:
    """The requested State's tracing officers, with its focal points on an escalation."""
    roles = [Role.TRACING_OFFICER]
    if level == ReminderLevel.FOCAL_POINTS:
        roles.append(Role.FOCAL_POINT)
    found = {user for role in roles for user in people(request.requested_state_id, role)}
    return sorted(found, key=lambda user: user.pk)


@dataclass
class RemindRun:
    """What one run did: reminders sent, and overdue requests it could not remind."""

    sent: list[TracingReminder] = field(default_factory=list)
    unreachable: list[TracingRequest] = field(default_factory=list)  # nobody with an address
    failed: list[tuple[TracingRequest, str]] = field(default_factory=list)  # the mail was refused


class NobodyToRemind(Exception):
    """The requested State has no one with an e-mail address in the roles to remind."""


@transaction.atomic
def send_reminder(request: TracingRequest, owed: Due, *, now: datetime) -> TracingReminder | None:
    """Send the reminder `request` is due for now, unless it was sent already in this period.

    Returns the reminder recorded, or None when it was sent before; raises `NobodyToRemind`
    when there is no address to write to. The mail goes out inside the transaction that
    records it (not on commit): if the mail server refuses it, nothing is recorded and the next
    run tries again.
    """
    TracingRequest.objects.select_for_update().filter(pk=request.pk).first()  # one run at a time
    period = periods_late(request, owed, now)
    sent_before = TracingReminder.objects.filter(request=request, deadline=owed.what, period=period)
    if sent_before.exists():
        return None
    level = level_for(period)
    to = readers(request, level)
    if not to:
        raise NobodyToRemind
    mail_to(
        to,
        lambda: (
            _("Overdue tracing request %(reference)s") % {"reference": ltr_text(request.reference)},
            _("The tracing request %(reference)s from %(state)s is overdue: it was due by %(due)s.")
            % {
                "reference": ltr_text(request.reference),
                "state": request.requesting_state.name,
                "due": ltr_text(owed.by.date().isoformat()),
            },
        ),
    )
    return TracingReminder.objects.create(
        request=request,
        deadline=owed.what,
        period=period,
        level=level,
        recipients=len({user.email for user in to}),
        at=now,
    )


def remind_overdue(now: datetime | None = None) -> RemindRun:
    """Send every reminder due now (see the module's docstring); run by `salw tracing remind`."""
    now = now or timezone.now()
    run = RemindRun()
    for request, owed in all_overdue(now):
        try:
            reminder = send_reminder(request, owed, now=now)
        except NobodyToRemind:
            run.unreachable.append(request)
        except OSError as refused:  # smtplib's errors are OSErrors: report, go on with the rest
            run.failed.append((request, str(refused)))
        else:
            if reminder is not None:
                run.sent.append(reminder)
    return run
