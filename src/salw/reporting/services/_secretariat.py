"""Reminders from the secretariat to focal points: planned, shown, confirmed, then sent."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.reporting.choices import ReportStatus
from salw.reporting.models import (
    Reminder,
    Report,
    ReportingCycle,
)
from salw.reporting.services._setup import _require_secretariat
from salw.states.models import State


@dataclass
class ReminderText:
    language: str
    subject: str
    body: str
    recipients: int
    state: State  # the State named in this sample; each e-mail names its own


@dataclass
class ReminderPlan:
    """Who a reminder would reach: the focal points (with an e-mail address) of each State that
    has not submitted, and the text in each of their languages."""

    cycle: ReportingCycle
    by_state: dict[int, list[User]] = field(default_factory=dict)

    @property
    def states(self) -> int:
        return len(self.by_state)

    @property
    def recipients(self) -> int:
        return sum(len(people) for people in self.by_state.values())

    def texts(self) -> list[ReminderText]:
        """One text per language the recipients read, as sent to the first of them."""
        first: dict[str, User] = {}
        counts: dict[str, int] = {}
        for people in self.by_state.values():
            for person in people:
                first.setdefault(person.mail_language, person)
                counts[person.mail_language] = counts.get(person.mail_language, 0) + 1
        return [
            ReminderText(
                language,
                *_message(self.cycle, person),
                counts[language],
                person.organisation.state,
            )
            for language, person in sorted(first.items())
        ]


def _message(cycle: ReportingCycle, person: User) -> tuple[str, str]:
    with translation.override(person.mail_language):
        due = date_format(cycle.due_on, "DATE_FORMAT")
        subject = _("National report for %(meeting)s: due %(due)s") % {
            "meeting": cycle.meeting.name,
            "due": due,
        }
        body = _(
            "Dear colleague,\n\nThe national report of %(state)s on the Programme of "
            "Action and the International Tracing Instrument for %(meeting)s is due on "
            "%(due)s and has not been submitted yet. You can continue the draft, or start "
            "it from your last report, in salw under “National reports”.\n\n"
            "United Nations Office for Disarmament Affairs"
        ) % {
            "state": person.organisation.state.name,
            "meeting": cycle.meeting.name,
            "due": due,
        }
    return subject, body


def reminder_plan(cycle: ReportingCycle, states: list[State] | None = None) -> ReminderPlan:
    """Whom a reminder for `cycle` (to every State that has not submitted, or to `states`)
    would reach. Sends nothing: the confirmation page shows it before `send_reminders`."""
    submitted = set(
        Report.objects.filter(cycle=cycle, status=ReportStatus.SUBMITTED).values_list(
            "state_id", flat=True
        )
    )
    focal_points = (
        User.objects.filter(
            role_grants__role=Role.FOCAL_POINT, organisation__state__isnull=False, is_active=True
        )
        .exclude(email="")
        .exclude(organisation__state_id__in=submitted)
        .select_related("organisation__state")
        .order_by("organisation__state_id", "pk")
    )
    if states is not None:
        focal_points = focal_points.filter(organisation__state__in=states)
    plan = ReminderPlan(cycle)
    for person in focal_points:
        plan.by_state.setdefault(person.organisation.state_id, []).append(person)
    return plan


def check_remindable(cycle: ReportingCycle) -> None:
    """Reminders are for open cycles only: a closed cycle's reports are no longer due."""
    if not cycle.is_open:
        raise ValidationError(
            _("The %(meeting)s cycle is closed: its reports are no longer due.")
            % {"meeting": cycle.meeting.name},
            code="cycle_closed",
        )


@transaction.atomic
def send_reminders(
    cycle: ReportingCycle, *, actor: User | None, states: list[State] | None = None
) -> int:
    """E-mail the focal points of States that have not submitted for `cycle` (or of `states`),
    each in the focal point's language; returns how many States were reminded. Refused for a
    closed cycle."""

    _require_secretariat(actor)
    check_remindable(cycle)
    plan = reminder_plan(cycle, states)
    mails = []
    for state_id, people in plan.by_state.items():
        Reminder.objects.create(
            cycle=cycle, state_id=state_id, recipients=len(people), sent_by=actor
        )
        for person in people:
            subject, body = _message(cycle, person)
            mails.append(EmailMessage(subject, body, to=[person.email]))
    transaction.on_commit(lambda: get_connection().send_messages(mails))
    return plan.states
