"""Reminders of overdue requests: one per deadline period, recorded, however often the command
runs; the escalation to focal points once late by another whole period."""

import datetime
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.utils import timezone
from tests.tracing_fixtures import kenya_request, user

from salw.accounts.models import User
from salw.core.catalogues import catalogue
from salw.core.testing import signed_in_client
from salw.tracing.models import TracingEvent, TracingReminder, TracingRequest
from salw.tracing.reminders import remind_overdue
from salw.tracing.services import acknowledge

pytestmark = pytest.mark.django_db

OFFICERS = ["peru.records@example.org"]
OFFICERS_AND_FOCAL_POINTS = ["peru.focal@example.org", "peru.records@example.org"]


def sent_on(when: datetime.datetime) -> TracingRequest:
    """A routine Kenyan request to Peru (5 days to acknowledge, 30 to answer), sent `when`."""
    request = kenya_request()
    TracingEvent.objects.create(
        request=request,
        step="sent",
        actor=user("kenya.records"),
        state_id=request.requesting_state_id,
        at=when,
    )
    return request


def sent_days_ago(days: float) -> TracingRequest:
    return sent_on(timezone.now() - datetime.timedelta(days=days))


def test_a_passed_deadline_is_reminded_once(capsys: pytest.CaptureFixture) -> None:
    request = sent_days_ago(6)
    call_command("tracing", "remind")
    [reminder] = mail.outbox
    assert request.reference in reminder.subject and reminder.to == OFFICERS
    out = capsys.readouterr().out
    assert f"{request.reference}" in out and "KEN->PER" in out and "acknowledge" in out
    assert "1 reminders sent, 0 of them escalated" in out
    sent = TracingReminder.objects.get()
    assert (sent.request_id, sent.deadline, sent.period) == (request.pk, "acknowledge", 1)
    assert (sent.level, sent.recipients) == ("officers", 1)
    call_command("tracing", "remind")
    assert len(mail.outbox) == 1
    assert "0 reminders sent" in capsys.readouterr().out
    assert TracingReminder.objects.count() == 1


def test_escalation_then_one_repeat_per_period() -> None:
    sent = timezone.now() - datetime.timedelta(days=40)
    request = sent_on(sent)

    def run(days: float) -> list[list[str]]:
        mail.outbox.clear()
        remind_overdue(sent + datetime.timedelta(days=days))
        return [m.to for m in mail.outbox]

    assert run(4) == []  # not yet due
    assert run(5.1) == [OFFICERS]  # the deadline passed
    assert run(6) == [] and run(9.9) == []
    assert run(10.1) == [OFFICERS_AND_FOCAL_POINTS]  # late by another whole period
    assert run(11) == [] and run(14.9) == []
    assert run(15.5) == [OFFICERS_AND_FOCAL_POINTS]  # the repeat, once in this period
    assert run(16) == []
    assert run(27) == [OFFICERS_AND_FOCAL_POINTS]  # runs missed: one reminder, not three
    periods = list(request.reminders.values_list("period", "level"))
    assert periods == [
        (1, "officers"),
        (2, "focal_points"),
        (3, "focal_points"),
        (5, "focal_points"),
    ]


def test_the_answer_deadline_has_its_own_reminders() -> None:
    request = sent_days_ago(31)
    acknowledge(request, actor=user("peru.records"))
    run = remind_overdue()
    assert [(r.deadline, r.period, r.level) for r in run.sent] == [("answer", 1, "officers")]
    assert remind_overdue().sent == []


def test_reminders_are_append_only() -> None:
    sent_days_ago(6)
    remind_overdue()
    with pytest.raises(DatabaseError), transaction.atomic():
        TracingReminder.objects.update(recipients=9)
    with pytest.raises(DatabaseError), transaction.atomic():
        TracingReminder.objects.all().delete()


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("connection refused")


def test_a_refused_mail_is_not_recorded_and_goes_at_the_next_run(settings: Any) -> None:
    request = sent_days_ago(6)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("tracing", "remind")
    assert not TracingReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("tracing", "remind")
    assert [m.subject for m in mail.outbox] == [overdue_subject("es", request)]


def overdue_subject(language: str, request: TracingRequest) -> str:
    # The reference is isolated left-to-right (U+2066 … U+2069), so that it reads in Arabic too.
    return catalogue(language)["Overdue tracing request %(reference)s"] % {
        "reference": f"\u2066{request.reference}\u2069"
    }


def test_each_reader_is_reminded_in_their_own_language() -> None:
    sent = timezone.now() - datetime.timedelta(days=40)
    request = sent_on(sent)
    User.objects.filter(username="peru.records").update(language="ar")
    remind_overdue(sent + datetime.timedelta(days=10.1))  # escalated: officers and focal points
    assert sorted((m.to, m.subject) for m in mail.outbox) == [
        (["peru.focal@example.org"], overdue_subject("es", request)),
        (["peru.records@example.org"], overdue_subject("ar", request)),
    ]
    assert request.reminders.get().recipients == 2


def test_nobody_to_remind_is_said_and_not_recorded(capsys: pytest.CaptureFixture) -> None:
    request = sent_days_ago(6)
    peru = user("peru.records")
    peru.email = ""
    peru.save()
    call_command("tracing", "remind")
    assert mail.outbox == [] and not TracingReminder.objects.exists()
    assert request.reference in capsys.readouterr().err


def test_the_request_page_shows_the_reminders_sent() -> None:
    request = sent_days_ago(11)
    remind_overdue(timezone.now() - datetime.timedelta(days=5))  # period 1, five days ago
    remind_overdue()  # period 2: escalated
    peru = user("peru.records")
    peru.language = "en"  # the assertions read English
    peru.save()
    page = signed_in_client("peru.records").get(f"/tracing/requests/{request.pk}/")
    timeline = page.content.decode().split('class="timeline"')[1].split("</ol>")[0]
    assert timeline.count("Reminder sent") == 2
    assert "tracing officers and focal points (escalated)" in timeline
    assert "(2 addresses)" in timeline and "(1 address)" in timeline
    requester = signed_in_client("kenya.records").get(f"/tracing/requests/{request.pk}/")
    theirs = requester.content.decode().split('class="timeline"')[1].split("</ol>")[0]
    assert theirs.count("Reminder sent") == 2 and "address" not in theirs
    detail = signed_in_client("kenya.records").get(f"/api/tracing/requests/{request.pk}/").json()
    assert [(r["deadline"], r["period"]) for r in detail["reminders"]] == [
        ("acknowledge", 1),
        ("acknowledge", 2),
    ]
