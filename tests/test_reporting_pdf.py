"""Reports as PDF (WeasyPrint, from the pages' templates): the text (Chinese, Arabic) is really
in the file, as extracted by a reader."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.reporting import services
from salw.reporting.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]

CHINESE = "所有武器在制造和进口时均须作标识。"


def _text(content: bytes) -> str:
    """The extracted text with its lines joined: answers wrap inside their table cell."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


class TestReportPdf(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        existing = Report.objects.filter(state__iso3="KEN", cycle__meeting__code="bms10").first()
        return f"/reports/{(existing or start()).pk}/report.pdf"


def test_the_pdf_holds_chinese_answers_and_questions_in_the_readers_language() -> None:
    report = complete(start(language="zh-hans"), marking_practices=CHINESE)
    response = signed_in_client("kenya.focal").get(
        f"/reports/{report.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert CHINESE in text.replace(" ", "")
    assert "PoA II.12" in text and "3.4" in text  # the source column, as on the page


def test_arabic_questions_are_in_the_pdf(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(complete(start()), actor=user("kenya.focal"))
    response = Client().get(f"/reports/public/{report.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="ar")
    text = _text(response.content)
    assert "للتنسيق" in text  # a word of the Arabic section title, shaped and extractable
    assert "Kenya National Focal Point on SALW" in text
