"""Reminders from the secretariat to focal points."""

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


@transaction.atomic
def send_reminders(
    cycle: ReportingCycle, *, actor: User | None, states: list[State] | None = None
) -> int:
    """E-mail the focal points of States that have not submitted for `cycle` (or of `states`),
    each in the focal point's language; returns how many States were reminded."""

    _require_secretariat(actor)
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
    )
    if states is not None:
        focal_points = focal_points.filter(organisation__state__in=states)
    by_state: dict[int, list[User]] = {}
    for person in focal_points:
        by_state.setdefault(person.organisation.state_id, []).append(person)
    mails = []
    for state_id, people in by_state.items():
        Reminder.objects.create(
            cycle=cycle, state_id=state_id, recipients=len(people), sent_by=actor
        )
        for person in people:
            with translation.override(person.mail_language):
                subject = _("National report for %(meeting)s: due %(due)s") % {
                    "meeting": cycle.meeting.name,
                    "due": date_format(cycle.due_on, "DATE_FORMAT"),
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
                    "due": date_format(cycle.due_on, "DATE_FORMAT"),
                }
            mails.append(EmailMessage(subject, body, to=[person.email]))
    transaction.on_commit(lambda: get_connection().send_messages(mails))
    return len(by_state)
