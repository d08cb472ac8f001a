"""The requesting State is told of every step, by e-mail in each reader's language (with the
link, the next deadline and the priority) and by a notice that says what happened."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client, TestCase
from tests.tracing_fixtures import kenya_request, registries, sent_request

from salw.accounts.models import User
from salw.core.testing import signed_in_client
from salw.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _registries() -> None:
    registries()


def _post(client: Client, url: str, data: dict | None = None, **headers: Any) -> Any:
    """Post a step; its e-mails leave when its transaction commits, which the test's own
    transaction never does, so the commit callbacks are run here."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **headers)


def _notices(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_sending_says_to_whom_and_when_the_acknowledgement_is_due() -> None:
    request = kenya_request()
    kenya = signed_in_client("kenya.records")
    sent = _post(kenya, f"/tracing/requests/{request.pk}/send/", HTTP_ACCEPT_LANGUAGE="en")
    [notice] = _notices(sent)
    assert notice.startswith("Request sent to Peru; acknowledgement due ")
    assert "Done." not in notice
    [received] = [m for m in mail.outbox if "peru.records@example.org" in m.to]
    assert f"/tracing/requests/{request.pk}/" in received.body
    # In the reader's language (Spanish for Peru's officer): the priority and the deadline.
    assert "Prioridad: Ordinaria" in received.body, received.body
    assert "Acuse de recibo debido a más tardar el" in received.body


@pytest.mark.parametrize(
    ("language", "acknowledged", "delayed"),
    [
        ("ru", "Перу подтвердило получение.", "Перу отложило ответ."),
        ("zh-hans", "秘鲁已确认收悉。", "秘鲁推迟了答复。"),
    ],
)
def test_the_requesting_officers_are_told_of_acknowledgement_and_delay_in_their_language(
    language: str, acknowledged: str, delayed: str
) -> None:
    User.objects.filter(username="kenya.records").update(language=language)
    request = sent_request()
    peru = signed_in_client("peru.records")
    mail.outbox.clear()
    _post(peru, f"/tracing/requests/{request.pk}/acknowledge/")
    [told] = mail.outbox
    assert told.to == ["kenya.records@example.org"]
    assert acknowledged in told.subject and acknowledged in told.body
    assert f"/tracing/requests/{request.pk}/" in told.body
    mail.outbox.clear()
    _post(
        peru,
        f"/tracing/requests/{request.pk}/answer/",
        {"kind": "delayed", "reason": "investigation", "text": "Archivo en Lima."},
    )
    [told] = mail.outbox
    assert delayed in told.body and "Archivo en Lima." in told.body


def test_an_answer_and_a_question_each_reach_the_other_state() -> None:
    request = sent_request()
    peru = signed_in_client("peru.records")
    kenya = signed_in_client("kenya.records")
    mail.outbox.clear()
    answered = _post(peru, f"/tracing/requests/{request.pk}/answer/", {"kind": "full"})
    assert _notices(answered) == ["Respuesta enviada; se ha informado a Kenia."]  # Peru: Spanish
    [told] = mail.outbox
    assert told.to == ["kenya.records@example.org"] and "Peru answered (Full)." in told.subject
    mail.outbox.clear()
    asked = _post(kenya, f"/tracing/requests/{request.pk}/message/", {"text": "Which licence?"})
    assert _notices(asked) == ["Message sent; Peru is told."]
    [told] = mail.outbox
    assert "peru.records@example.org" in told.to and "Which licence?" in told.body
    assert TracingRequest.objects.with_status().get(pk=request.pk).status == "answered"


def test_the_home_page_tells_the_requesting_officer_until_they_open_the_request() -> None:
    User.objects.filter(username="kenya.records").update(language="zh-hans")
    request = sent_request()
    peru = signed_in_client("peru.records")
    _post(peru, f"/tracing/requests/{request.pk}/acknowledge/")
    _post(peru, f"/tracing/requests/{request.pk}/answer/", {"kind": "full"})
    kenya = signed_in_client("kenya.records")
    home = kenya.get("/dashboard/").content.decode()
    assert "秘鲁已答复（完整）。" in home and "秘鲁已确认收悉。" in home
    assert f"/tracing/requests/{request.pk}/" in home
    kenya.get(f"/tracing/requests/{request.pk}/")  # read: no longer news
    assert "秘鲁已答复" not in kenya.get("/dashboard/").content.decode()
