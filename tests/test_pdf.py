"""PDFs printed from the pages' templates by WeasyPrint: the text a reader extracts is there, in
logical order, in every script; each document names itself on every page."""

import datetime
import io
import os
import re

import pytest
from django.test import Client
from pypdf import PdfReader
from tests.pdf_text import pdftotext as _pdftotext
from tests.reporting_fixtures import complete, english, shipped_templates, start
from tests.tracing_fixtures import sent_request

from salw.accounts.choices import OrganisationKind, Role
from salw.accounts.models import Organisation
from salw.accounts.services import create_user
from salw.core.pdf import css_string, missing_font_packages
from salw.core.testing import signed_in_client
from salw.registry.services import record_event
from salw.registry.testing import pistol, user
from salw.states.models import State

__all__ = ["english", "shipped_templates"]

if missing_font_packages():
    pytestmark = pytest.mark.skipif(
        os.environ.get("SALW_PDF_FONTS_REQUIRED") != "1",
        reason="PDF fonts are not installed: apt-get install fonts-noto-core fonts-droid-fallback",
    )

ARABIC_SENTENCE = "تحتفظ اللجنة الوطنية بسجلات الأسلحة منذ عام 2026 في سجل واحد"


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_css_strings_cannot_leave_the_style_element() -> None:
    assert css_string('a"b</style><script>') == '"a\\22 b\\3c /style\\3e \\3c script\\3e "'


@pytest.mark.django_db
def test_state_page_as_pdf_in_the_page_language() -> None:
    response = Client(headers={"accept-language": "zh-hans"}).get("/states/KEN/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="KEN.pdf"'
    text = "".join(_pages(response.content))
    assert "肯尼亚" in text and "东非" in text and "Кения" in text
    assert "1963" in text  # a year, never "1 963"


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_templates", "english")
def test_arabic_report_keeps_its_sentence_and_number_in_logical_order() -> None:
    report = complete(start(language="ar"), marking_practices=ARABIC_SENTENCE)
    response = signed_in_client("kenya.focal").get(
        f"/reports/{report.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 200
    text = _pdftotext(response.content)
    # The answer wraps inside its cell, so check the number with the words either side of it
    # (the fpdf2 layout printed "2026" before the sentence's first word) and every word.
    # pdftotext may move a space across the number's edge; the order is what counts.
    assert "منذعام2026في" in text.replace(" ", "")
    assert all(word in text for word in ARABIC_SENTENCE.split())
    assert not re.search(r"\d{4}-\d\d-\d\dT\d", text)  # no raw ISO timestamp


@pytest.mark.django_db
def test_weapon_record_shows_every_components_serial_and_names_the_weapon_on_every_page() -> None:
    weapon = pistol(serial="123-456/B")
    records = user("kenya.records")
    for day in range(90):  # enough history for several pages
        record_event(
            weapon,
            "issued" if day % 2 == 0 else "returned",
            actor=records,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
            custodian=f"Sergent Ахмед 陈 {day}",
            place="Nairobi",
        )
    response = signed_in_client("kenya.records").get(
        f"/registry/weapons/{weapon.pk}/record.pdf", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="weapon-{weapon.pk}.pdf"'
    pages = _pages(response.content)
    assert len(pages) > 1
    text = "".join(pages)
    assert "123-456/B" in text and "S-123-456/B" in text  # the frame's and the slide's serials
    assert "2015" in text and "2 015" not in text
    assert "Sergent Ахмед 陈 89" in text
    for page in pages:
        assert f"#{weapon.pk}" in page and "123-456/B" in page


def _third_state_officer() -> None:
    belgium = State.objects.get(iso3="BEL")
    organisation, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.STATE, state=belgium, defaults={"name": "Belgium"}
    )
    create_user(
        username="belgium.records",
        organisation=organisation,
        roles=[Role.TRACING_OFFICER],
        password="belgium-pass-2026",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_tracing_request_pdf_for_both_states_and_not_found_for_a_third(language: str) -> None:
    request = sent_request()
    url = f"/tracing/requests/{request.pk}/request.pdf"
    page = signed_in_client("kenya.records").get(f"/tracing/requests/{request.pk}/")
    assert url in page.content.decode()
    for username in ("kenya.records", "peru.records"):
        response = signed_in_client(username).get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, username
        name = f"tracing-{request.reference}-PER.pdf"
        assert response["Content-Disposition"] == f'inline; filename="{name}"'
        text = _pdftotext(response.content)
        assert "FN HERSTAL K7?3O1" in text and "Firearms Act, s. 12" in text
        assert "Mombasa" in text and request.reference in text
    _third_state_officer()
    assert signed_in_client("belgium.records").get(url).status_code == 404
    assert signed_in_client("kenya.focal").get(url).status_code == 403
