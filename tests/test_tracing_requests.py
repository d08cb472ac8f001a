"""Tracing requests between States: the workflow, who may take each step, the clock."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from tests.tracing_fixtures import content, kenya_request, registries, user

from salw.core.catalogues import catalogue
from salw.registry.models import Weapon
from salw.registry.services.events import record_event
from salw.states.models import State
from salw.tracing.answers import draft_answer
from salw.tracing.choices import Step
from salw.tracing.deadlines import due
from salw.tracing.models import LostStolenAlert, TracingEvent, TracingRequest
from salw.tracing.services import (
    acknowledge,
    answer,
    ask_follow_up,
    candidates_for,
    close_with_feedback,
    draft_request,
    send_request,
)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def peru_weapon() -> Weapon:
    return registries()


def status(request: TracingRequest) -> str:
    return TracingRequest.objects.with_status().get(pk=request.pk).status


def test_the_whole_workflow_is_a_trail_of_events(
    peru_weapon: Weapon, django_capture_on_commit_callbacks: Any
) -> None:
    request = kenya_request()
    assert status(request) == Step.DRAFTED
    with django_capture_on_commit_callbacks(execute=True):
        send_request(request, actor=user("kenya.records"))
    assert status(request) == Step.SENT
    [received] = mail.outbox
    assert request.reference in received.subject and received.to == ["peru.records@example.org"]
    peru = user("peru.records")
    acknowledge(request, actor=peru)
    [first, *_rest] = candidates_for(request)
    assert first.weapon_id == peru_weapon.pk
    released = draft_answer(peru_weapon, peru)
    assert released["weapon"]["model"]
    answer(request, actor=peru, kind="full", weapon=peru_weapon, released=released)
    ask_follow_up(request, actor=user("kenya.records"), text="Who imported it?")
    ask_follow_up(request, actor=peru, text="Nobody: it was made for the police.")
    close_with_feedback(
        request,
        actor=user("kenya.records"),
        diversion_established=True,
        where="Lima",
        when="2024",
        how="theft from a police store",
    )
    steps = list(request.events.values_list("step", flat=True))
    assert steps == ["drafted", "sent", "acknowledged", "answered", "question", "reply", "closed"]
    assert status(request) == Step.CLOSED


def test_each_side_takes_only_its_own_steps(peru_weapon: Weapon) -> None:
    request = kenya_request()
    with pytest.raises(PermissionDenied):
        send_request(request, actor=user("peru.records"))  # a draft is invisible to Peru
    send_request(request, actor=user("kenya.records"))
    with pytest.raises(PermissionDenied):
        acknowledge(request, actor=user("kenya.records"))
    with pytest.raises(PermissionDenied):
        acknowledge(request, actor=user("peru.focal"))  # not a tracing officer
    with pytest.raises(PermissionDenied):
        close_with_feedback(request, actor=user("peru.records"), diversion_established=None)
    acknowledge(request, actor=user("peru.records"))
    with pytest.raises(ValidationError):
        acknowledge(request, actor=user("peru.records"))  # once is enough


def test_a_sent_request_cannot_be_sent_again(peru_weapon: Weapon) -> None:
    request = kenya_request()
    send_request(request, actor=user("kenya.records"))
    with pytest.raises(PermissionDenied):
        send_request(request, actor=user("kenya.records"))
    assert request.events.filter(step=Step.SENT).count() == 1


def test_declining_needs_a_reason_and_keeps_data_as_it_was(peru_weapon: Weapon) -> None:
    request = kenya_request()
    send_request(request, actor=user("kenya.records"))
    with pytest.raises(ValidationError) as refused:
        answer(request, actor=user("peru.records"), kind="declined")
    assert "reason" in refused.value.message_dict
    assert status(request) == Step.SENT
    answer(request, actor=user("peru.records"), kind="declined", reason="investigation")
    assert status(request) == Step.ANSWERED


def test_a_delayed_answer_keeps_the_request_waiting(peru_weapon: Weapon) -> None:
    request = kenya_request()
    send_request(request, actor=user("kenya.records"))
    answer(request, actor=user("peru.records"), kind="delayed", reason="security")
    assert status(request) == Step.ACKNOWLEDGED
    answer(request, actor=user("peru.records"), kind="partial", text="Made in 2015.")
    assert status(request) == Step.ANSWERED


def test_bad_content_is_refused_by_field(peru_weapon: Weapon) -> None:
    with pytest.raises(ValidationError) as refused:
        kenya_request(priority="urgent", illicit_grounds=[], serial_as_read="??")
    assert set(refused.value.message_dict) >= {
        "illicit_grounds",
        "urgency_reason",
        "serial_as_read",
    }
    with pytest.raises(ValidationError):
        draft_request(
            content(), requested_states=[State.objects.get(iso3="KEN")], actor=user("kenya.records")
        )
    assert not TracingRequest.objects.exists()


def test_one_request_per_requested_state_sharing_a_reference(peru_weapon: Weapon) -> None:
    made = draft_request(
        content(),
        requested_states=list(State.objects.filter(iso3__in=["PER", "BEL"])),
        actor=user("kenya.records"),
    )
    assert len(made) == 2 and len({r.reference for r in made}) == 1


def test_events_are_append_only(peru_weapon: Weapon) -> None:
    request = kenya_request()
    event = TracingEvent.objects.get(request=request)
    with pytest.raises(DatabaseError), transaction.atomic():
        TracingEvent.objects.filter(pk=event.pk).update(text="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        TracingEvent.objects.filter(pk=event.pk).delete()


def test_only_the_two_states_officers_see_a_sent_request(peru_weapon: Weapon) -> None:
    request = kenya_request()
    visible = TracingRequest.objects.visible_to
    assert not visible(user("peru.records")).filter(pk=request.pk).exists()
    send_request(request, actor=user("kenya.records"))
    assert visible(user("peru.records")).filter(pk=request.pk).exists()
    assert visible(user("kenya.records")).filter(pk=request.pk).exists()
    for outsider in ("peru.focal", "kenya.focal", "analyst", "admin", "donor"):
        assert not visible(user(outsider)).filter(pk=request.pk).exists(), outsider


def test_a_hit_on_a_stolen_weapon_alerts_its_state(peru_weapon: Weapon) -> None:
    record_event(peru_weapon, "stolen", actor=user("peru.records"), date=datetime.date(2025, 1, 5))
    request = kenya_request()
    mail.outbox.clear()
    send_request(request, actor=user("kenya.records"))
    alert = LostStolenAlert.objects.get(request=request)
    assert alert.weapon_id == peru_weapon.pk and alert.state_id == peru_weapon.state_id
    subject = catalogue("es")["A weapon recorded lost or stolen was matched"]
    assert [m.subject for m in mail.outbox] == [subject]  # in Peru's officer's language


def test_deadlines_follow_priority(peru_weapon: Weapon) -> None:
    urgent = kenya_request(priority="urgent", urgency_reason="Suspect in custody")
    send_request(urgent, actor=user("kenya.records"))
    annotated = TracingRequest.objects.with_status().get(pk=urgent.pk)
    owed = due(annotated)
    assert owed.what == "acknowledge"
    assert owed.by - annotated.sent_at == datetime.timedelta(days=1)
    assert not owed.is_overdue(timezone.now())
    assert owed.is_overdue(timezone.now() + datetime.timedelta(days=2))
