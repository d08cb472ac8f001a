"""Exchange documents: a request and its answer travel between two installations as JSON.

One database stands in for two installations: a State "elsewhere" has no active users here,
as on an installation that holds only the other State. On an installation that holds both,
every document that would act for the other State is refused, on the page, the API and the CLI
with the same translated message, and nothing is stored.
"""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from tests.tracing_fixtures import kenya_request, registries, sent_request, user

from salw.accounts.models import User
from salw.core.changelog import head_hash
from salw.core.testing import PagePermissionTests, signed_in_client, token_client
from salw.states.models import State
from salw.tracing.choices import Step
from salw.tracing.exchange import (
    DOCUMENT_SCHEMA,
    FORMAT,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    export_document,
    import_document,
    read_document,
)
from salw.tracing.models import TracingEvent, TracingRequest
from salw.tracing.services import answer, send_request

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


@contextmanager
def elsewhere(iso3: str) -> Iterator[None]:
    """The State's users are not on this installation for the duration."""
    users = User.objects.filter(organisation__state__iso3=iso3, is_active=True)
    ids = list(users.values_list("pk", flat=True))
    User.objects.filter(pk__in=ids).update(is_active=False)
    try:
        yield
    finally:
        User.objects.filter(pk__in=ids).update(is_active=True)


def stored() -> tuple[int, int, str]:
    return TracingRequest.objects.count(), TracingEvent.objects.count(), head_hash()


def visible(message: str) -> str:
    """A message as read: without the invisible isolates around names and values."""
    return message.replace("\u2066", "").replace("\u2069", "")


def forged_answer() -> tuple[TracingRequest, dict[str, Any]]:
    """Kenya's officer adds an answer in Peru's name to the document of Kenya's own request."""
    request = sent_request()
    document = json.loads(json.dumps(export_document(request)))
    document["events"].append(
        {"step": "answered", "answer_kind": "full", "text": "Sold to Kenya Police, 2015 — منشأ"}
    )
    return request, document


def forged_request() -> dict[str, Any]:
    """Peru's officer makes a request in Kenya's name."""
    document = json.loads(json.dumps(export_document(kenya_request())))
    document["reference"] = "KEN-2026-FORGED/1"
    return document


# The service ---------------------------------------------------------------------------------


def test_a_request_travels_and_its_answer_comes_back() -> None:
    # Kenya's installation: the request, exported.
    sent = sent_request()
    document = json.loads(json.dumps(export_document(sent)))
    assert document["format"] == FORMAT and document["request"]["serial_as_read"] == "K7?3O1"
    # Peru's installation holds no copy and no Kenyan users: take it in there (same database
    # here, so the original is renamed out of the way).
    TracingRequest.objects.filter(pk=sent.pk).update(reference="KEN-ORIGINAL")
    with elsewhere("KEN"):
        received = import_document(document, actor=user("peru.records"))
    assert received.requested_state.iso3 == "PER" and received.markings_as_read
    assert set(received.events.values_list("by_exchange", "state__iso3")) == {(True, "KEN")}
    assert TracingRequest.objects.with_status().get(pk=received.pk).status == Step.SENT
    answer(
        received,
        actor=user("peru.records"),
        kind="partial",
        text="Made 2015",
        released={"last_legal_holder": "Police"},
    )
    # Back in Kenya, where Peru has no users: the answer is added to the original, once.
    TracingRequest.objects.filter(pk=received.pk).update(reference="PER-COPY")
    TracingRequest.objects.filter(pk=sent.pk).update(reference=received.reference)
    back = json.loads(json.dumps(export_document(TracingRequest.objects.get(pk=received.pk))))
    back["reference"] = received.reference
    with elsewhere("PER"):
        import_document(back, actor=user("kenya.records"))
        import_document(back, actor=user("kenya.records"))
    answered = sent.events.get(step=Step.ANSWERED)
    assert answered.released == {"last_legal_holder": "Police"} and answered.state.iso3 == "PER"
    assert answered.by_exchange and answered.actor.username == "kenya.records"
    page = signed_in_client("kenya.records").get(f"/tracing/requests/{sent.pk}/").content.decode()
    assert "received by exchange from Peru, imported by kenya.records" in page


def test_a_forged_answer_is_refused_when_the_requested_state_is_here() -> None:
    request, document = forged_answer()
    before = stored()
    with pytest.raises(PermissionDenied, match=r"Event 1 \(answered\): Peru works on this"):
        import_document(document, actor=user("kenya.records"))
    assert stored() == before
    assert TracingRequest.objects.with_status().get(pk=request.pk).status == Step.SENT


def test_a_forged_request_in_another_states_name_is_refused() -> None:
    document = forged_request()
    before = stored()
    with pytest.raises(PermissionDenied, match="Kenya works on this installation"):
        import_document(document, actor=user("peru.records"))
    assert stored() == before


def test_nobody_imports_for_a_third_state_or_without_the_role() -> None:
    document = forged_request()
    document["requested_state"] = "COL"
    before = stored()
    with pytest.raises(PermissionDenied, match="only documents of your own State"):
        import_document(document, actor=user("peru.records"))
    for username in ("peru.focal", "donor", "analyst"):
        with pytest.raises(PermissionDenied):
            import_document(document, actor=user(username))
    assert stored() == before


def test_a_closing_is_not_taken_in() -> None:
    request, document = forged_answer()
    document["events"] = [{"step": "closed", "diversion_established": True}]
    with elsewhere("PER"), pytest.raises(ValidationError, match=r"Event 1 \(closed\)"):
        import_document(document, actor=user("kenya.records"))
    assert not request.events.filter(step=Step.CLOSED).exists()


def test_a_received_request_carries_no_answers() -> None:
    document = forged_request()
    document["events"] = [{"step": "answered", "answer_kind": "full"}]
    with elsewhere("KEN"), pytest.raises(ValidationError, match=r"Event 1 \(answered\)"):
        import_document(document, actor=user("peru.records"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(events="x"), "Field “events”: should be of the JSON type array"),
        (
            lambda d: d["events"].append({"step": "approved"}),
            'Event 1, field “step”: "approved" is not one of: answered, closed',
        ),
        (
            lambda d: d["events"].append({"step": "answered"}),
            "Event 1: the field “answer_kind” is missing",
        ),
        (
            lambda d: d["events"].append({"step": "answered", "answer_kind": "full", "text": 5}),
            "Event 1, field “text”: should be of the JSON type string",
        ),
        (
            lambda d: d["events"].append({"step": "answered", "answer_kind": "full", "by": "x"}),
            "Event 1: “by” is not a field of an exchange document",
        ),
        (
            lambda d: d["events"].append({"step": "closed", "diversion_where": "x" * 201}),
            "Event 1, field “diversion_where”: is longer than 200 characters",
        ),
        (lambda d: d.pop("requested_state"), "the field “requested_state” is missing"),
        (lambda d: d.update(signed_by="PER"), "“signed_by” is not a field"),
        (
            lambda d: d["request"].update(found_on="1 March"),
            "Field “request.found_on”: is not a date in the form YYYY-MM-DD",
        ),
        (lambda d: d["request"].update(priority="whenever"), "Field “request.priority”"),
        (lambda d: d.update(requesting_state="KE/N"), "is not an ISO alpha-3 code"),
    ],
)
def test_a_bad_document_is_refused_naming_the_event_and_field(change: Any, expected: str) -> None:
    _request, document = forged_answer()
    document["events"] = []
    change(document)
    before = stored()
    with elsewhere("PER"), pytest.raises(ValidationError) as refused:
        import_document(document, actor=user("kenya.records"))
    assert any(expected in visible(message) for message in refused.value.messages), refused.value
    assert stored() == before


def test_each_problem_is_named_once() -> None:
    """A wrong answer kind breaks the schema in two places (the field's choices and the
    answer's branch); the officer reads the problem once."""
    _request, document = forged_answer()
    document["events"] = [{"step": "answered", "answer_kind": 42, "text": "Vendue – 2019"}]
    with elsewhere("PER"), pytest.raises(ValidationError) as refused:
        import_document(document, actor=user("kenya.records"))
    messages = refused.value.messages
    assert len(messages) == len(set(messages)), messages
    assert any("42 is not one of: full, partial" in visible(m) for m in messages), messages


def test_names_and_values_stay_whole_in_an_arabic_sentence() -> None:
    """“«answer_kind»: 42” is one left-to-right run that the bidirectional algorithm would
    scramble inside Arabic; each name and value is isolated (U+2066 … U+2069)."""
    _request, document = forged_answer()
    document["events"] = [{"step": "answered", "answer_kind": 42}]
    with (
        translation.override("ar"),
        elsewhere("PER"),
        pytest.raises(ValidationError) as refused,
    ):
        import_document(document, actor=user("kenya.records"))
    enum = [m for m in refused.value.messages if "full, partial" in m]
    assert enum and "\u2066answer_kind\u2069" in enum[0] and "\u206642\u2069" in enum[0]
    assert "\u2066full, partial, delayed, declined\u2069" in enum[0]


def test_size_and_depth_are_limited_before_parsing() -> None:
    with pytest.raises(ValidationError, match="larger than 1024 KB"):
        read_document(b" " * (MAX_DOCUMENT_BYTES + 1))
    # Far deeper than Python's recursion limit: refused, never a RecursionError.
    with pytest.raises(ValidationError, match=f"deeper than {MAX_DEPTH} levels"):
        read_document("[" * 100_000 + "]" * 100_000)
    # Brackets inside strings do not count.
    assert read_document('{"text": "[[[[[[[[[[[[[[[[[[[[[[[[[["}') == {
        "text": "[[[[[[[[[[[[[[[[[[[[[[[[[["
    }
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_document(b'{"text": "\xff"}')
    with pytest.raises(ValidationError, match="line 1, column 2"):
        read_document(b"{x")


def test_an_exported_document_fits_its_schema_and_the_docs_publish_it() -> None:
    request, document = forged_answer()
    answer(request, actor=user("peru.records"), kind="declined", reason="investigation")
    with elsewhere("PER"):  # its own export (with Peru's answer) re-imported: nothing new
        import_document(export_document(request), actor=user("kenya.records"))
    docs = (ROOT / "docs" / "tracing.md").read_text(encoding="utf-8")
    published = re.search(r"<!-- schema -->\n```json\n(.*?)\n```", docs, re.S)
    assert published and json.loads(published.group(1)) == DOCUMENT_SCHEMA


# Pages, API and CLI: the same refusals ------------------------------------------------------


def test_api_refuses_forged_documents_with_problem_json() -> None:
    request, document = forged_answer()
    before = stored()
    response = token_client("kenya.records").post(
        "/api/tracing/requests/import/", document, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "Event 1 (answered): Peru works on this installation" in response.json()["detail"]
    document = forged_request()
    before = stored()
    response = token_client("peru.records").post(
        "/api/tracing/requests/import/", document, format="json"
    )
    assert response.status_code == 403 and "Kenya works" in response.json()["detail"]
    assert stored() == before


def test_api_refuses_bad_and_hostile_documents_with_400() -> None:
    client = token_client("kenya.records")
    _request, document = forged_answer()
    document["events"] = "x"
    response = client.post("/api/tracing/requests/import/", document, format="json")
    assert response.status_code == 400
    assert "Field “events”" in visible(json.dumps(response.json()["errors"], ensure_ascii=False))
    deep = "[" * 50_000 + "]" * 50_000
    response = client.post("/api/tracing/requests/import/", deep, content_type="application/json")
    assert response.status_code == 400 and "deeper than" in str(response.json()["errors"])
    big = b'{"x": "' + b"a" * MAX_DOCUMENT_BYTES + b'"}'
    response = client.post("/api/tracing/requests/import/", big, content_type="application/json")
    assert response.status_code == 400 and "larger than" in str(response.json()["errors"])


def test_api_answers_in_the_readers_language() -> None:
    response = token_client("peru.records").post(
        "/api/tracing/requests/import/",
        forged_request(),
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    with translation.override("es"):
        kenya = State.objects.get(iso3="KEN").name
    assert response.status_code == 403
    assert response.json()["detail"].startswith(f"{kenya} trabaja en esta instalación")


def test_cli_refuses_forged_documents_with_the_same_message(tmp_path: Path) -> None:
    _request, document = forged_answer()
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = stored()
    with pytest.raises(CommandError, match=r"Event 1 \(answered\): Peru works"):
        call_command("tracing", "import", "--file", str(path), "--user", "kenya.records")
    path.write_text("[" * 10_000, encoding="utf-8")
    with pytest.raises(CommandError, match="deeper than"):
        call_command("tracing", "import", "--file", str(path), "--user", "kenya.records")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("tracing", "import", "--file", str(tmp_path / "no"), "--user", "kenya.records")
    with pytest.raises(CommandError, match="There is no user named kenya.record."):  # a typo
        call_command("tracing", "import", "--file", str(path), "--user", "kenya.record")
    assert stored()[1:] == before[1:]


def test_cli_exports_and_imports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sent = kenya_request()
    call_command("tracing", "export", "--reference", sent.reference)
    document = json.loads(capsys.readouterr().out)
    TracingRequest.objects.filter(pk=sent.pk).update(reference="KEN-ORIGINAL")
    path = tmp_path / "request.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with elsewhere("KEN"):
        call_command("tracing", "import", "--file", str(path), "--user", "peru.records")
        assert TracingRequest.objects.filter(reference=sent.reference).exists()
        with pytest.raises(CommandError, match="ya figura"):  # in Jorge's language, Spanish
            call_command("tracing", "import", "--file", str(path), "--user", "peru.records")


def upload(document: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile("request.json", json.dumps(document).encode(), "application/json")


def test_page_refuses_forged_documents_with_the_same_message() -> None:
    _request, document = forged_answer()
    client = signed_in_client("kenya.records")
    before = stored()
    response = client.post("/tracing/requests/import/", {"document": upload(document)})
    assert response.status_code == 403
    assert "Event 1 (answered): Peru works on this installation" in response.content.decode()
    document["events"] = "x"
    response = client.post("/tracing/requests/import/", {"document": upload(document)})
    assert response.status_code == 400 and "Field “events”" in visible(response.content.decode())
    assert stored()[1:] == before[1:]


def test_page_takes_in_a_request_received() -> None:
    document = forged_request()
    with elsewhere("KEN"):
        client = signed_in_client("peru.records")
        response = client.post("/tracing/requests/import/", {"document": upload(document)})
        assert response.status_code == 302
        taken = TracingRequest.objects.get(reference="KEN-2026-FORGED/1")
        assert response["Location"] == f"/tracing/requests/{taken.pk}/"
        page = client.get(response["Location"]).content.decode()
    with translation.override("es"):  # Jorge reads Spanish
        kenya = State.objects.get(iso3="KEN").name
    assert f"recibido por intercambio de {kenya}, incorporado por peru.records" in page


class TestExchangeImportPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return "/tracing/requests/import/"


class TestExchangeDownload(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/exchange.json"


def test_download_is_logged() -> None:
    sent = kenya_request()
    response = signed_in_client("kenya.records").get(f"/tracing/requests/{sent.pk}/exchange.json")
    assert response.json()["reference"] == sent.reference
    assert sent.views.filter(channel="export").exists()


def test_requests_sent_earlier_still_answer_through_the_services() -> None:
    request = kenya_request()
    send_request(request, actor=user("kenya.records"))
    with pytest.raises(PermissionDenied):
        answer(request, actor=user("kenya.records"), kind="full")
    answer(request, actor=user("peru.records"), kind="full")
