"""Exchange documents: a request and its answer travel between two installations as JSON."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from tests.tracing_fixtures import kenya_request, registries, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.tracing.choices import Step
from salw.tracing.exchange import FORMAT, export_document, import_document
from salw.tracing.models import TracingRequest
from salw.tracing.services import answer, send_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


class TestExchangeDownload(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/exchange.json"


def test_a_request_travels_and_its_answer_comes_back() -> None:
    # Kenya's installation: the request, exported.
    sent = kenya_request()
    send_request(sent, actor=user("kenya.records"))
    document = json.loads(json.dumps(export_document(sent)))
    assert document["format"] == FORMAT and document["request"]["serial_as_read"] == "K7?3O1"
    # Peru's installation holds no copy: take it in there (same database here, so the
    # original is renamed out of the way).
    TracingRequest.objects.filter(pk=sent.pk).update(reference="KEN-ORIGINAL")
    received = import_document(document, actor=user("peru.records"))
    assert received.requested_state.iso3 == "PER" and received.markings_as_read
    status = TracingRequest.objects.with_status().get(pk=received.pk).status
    assert status == Step.SENT
    answer(
        received,
        actor=user("peru.records"),
        kind="partial",
        text="Made 2015",
        released={"last_legal_holder": "Police"},
    )
    # Back in Kenya: the answer is added to the original request, once.
    TracingRequest.objects.filter(pk=received.pk).update(reference="PER-COPY")
    TracingRequest.objects.filter(pk=sent.pk).update(reference=received.reference)
    back = export_document(TracingRequest.objects.get(pk=received.pk))
    back["reference"] = received.reference
    import_document(back, actor=user("kenya.records"))
    import_document(back, actor=user("kenya.records"))
    answered = sent.events.get(step=Step.ANSWERED)
    assert answered.released == {"last_legal_holder": "Police"} and answered.state.iso3 == "PER"


def test_bad_documents_are_refused_and_nothing_is_stored() -> None:
    with pytest.raises(ValidationError):
        import_document({"format": "other"}, actor=user("peru.records"))
    document = export_document(kenya_request())
    document["request"]["priority"] = "whenever"
    TracingRequest.objects.all().update(reference="X")
    with pytest.raises(ValidationError):
        import_document(document, actor=user("peru.records"))
    with pytest.raises(PermissionDenied):
        import_document(document, actor=user("peru.focal"))
    assert TracingRequest.objects.count() == 1


def test_cli_exports_and_imports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sent = kenya_request()
    call_command("tracing", "export", "--reference", sent.reference)
    document = json.loads(capsys.readouterr().out)
    TracingRequest.objects.filter(pk=sent.pk).update(reference="KEN-ORIGINAL")
    path = tmp_path / "request.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("tracing", "import", "--file", str(path), "--user", "peru.records")
    assert TracingRequest.objects.filter(reference=sent.reference).exists()
    with pytest.raises(CommandError):
        call_command("tracing", "import", "--file", str(path), "--user", "peru.records")


def test_download_is_logged() -> None:
    sent = kenya_request()
    response = signed_in_client("kenya.records").get(f"/tracing/requests/{sent.pk}/exchange.json")
    assert response.json()["reference"] == sent.reference
    assert sent.views.filter(channel="export").exists()
