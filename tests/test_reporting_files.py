"""Documents attached to file-upload questions: checked, stored, served only to who may see them."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import signed_in_client
from salw.reporting import services
from salw.reporting.workbook import export_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]

PDF = b"%PDF-1.7\n% national action plan\n"


def test_a_document_is_attached_from_the_questionnaire_and_served(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    report = start()
    client = signed_in_client("kenya.focal")
    url = f"/reports/{report.pk}/section/coordination/"
    response = client.post(
        url,
        {
            "revision": report.revision,
            "national_action_plan": "yes",
            "national_action_plan_file": "NAP 2024-2030",
            "national_action_plan_file__upload": SimpleUploadedFile("nap.pdf", PDF),
        },
    )
    assert response.status_code == 302
    value = services.answer_values(report)["national_action_plan_file"]
    assert value["reference"] == "NAP 2024-2030" and value["name"] == "nap.pdf"
    file_url = f"/reports/{report.pk}/files/{value['file']}/"
    assert client.get(file_url).content == PDF
    assert signed_in_client("peru.focal").get(file_url).status_code == 404
    assert "nap.pdf" in client.get(url).content.decode()

    # A later save of the section without a new file keeps the document.
    report.refresh_from_db()
    client.post(url, {"revision": report.revision, "national_action_plan": "yes",
                      "national_action_plan_file": "NAP (revised title)"})  # fmt: skip
    kept = services.answer_values(report)["national_action_plan_file"]
    assert kept["file"] == value["file"] and kept["reference"] == "NAP (revised title)"

    # The workbook carries the reference and leaves the file in place.
    data = export_workbook(report, services.answer_values(report), "en")
    book = load_workbook(io.BytesIO(data))
    cells = [
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
    ]
    assert any("[nap.pdf]" in cell for cell in cells)
    report = services.import_workbook(report, data, actor=user("kenya.focal"))
    assert services.answer_values(report)["national_action_plan_file"]["file"] == value["file"]

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(complete(report), actor=user("kenya.focal"))
    public = Client().get(f"/reports/public/{report.pk}/files/{value['file']}/")
    assert public.content == PDF and public["Content-Type"] == "application/pdf"


def test_wrong_documents_are_refused_and_nothing_is_stored() -> None:
    report = start()
    with pytest.raises(ValidationError) as refused:
        services.save_answers_with_files(
            report,
            {"national_action_plan": "yes"},
            {"national_action_plan_file": ("nap.exe", b"MZ\x90\x00 program")},
            base_revision=report.revision,
            actor=user("kenya.focal"),
        )
    assert "national_action_plan_file" in refused.value.message_dict
    assert not report.answers.exists() and not report.files.exists()


def test_the_api_attaches_a_document_with_if_match() -> None:
    from salw.core.testing import token_client

    report = start()
    client = token_client("kenya.focal")
    url = f"/api/reports/{report.pk}/files/"
    body = {"question": "national_action_plan_file", "file": SimpleUploadedFile("nap.pdf", PDF)}
    assert client.post(url, body, format="multipart").status_code == 428
    body["file"] = SimpleUploadedFile("nap.pdf", PDF)
    done = client.post(url, body, format="multipart", HTTP_IF_MATCH=report.etag)
    assert done.status_code == 200
    assert services.answer_values(report)["national_action_plan_file"]["name"] == "nap.pdf"
    body["file"] = SimpleUploadedFile("nap.pdf", PDF)
    assert client.post(url, body, format="multipart", HTTP_IF_MATCH=report.etag).status_code == 412
