"""The national report in each of the six languages through the API's draft, answer and submit
endpoints: every question answered at its limit in the language's script, pasted as a word
processor pastes, whole numbers as the language writes them; stored as typed after the
documented normalisation, submitted, amended, public and printed. The same answers go through
a real browser in test_reporting_languages_browser.py."""

from typing import Any

import pytest
from django.test import Client
from tests.pdf_text import pdftotext, words_off_the_page
from tests.reporting_answers import LANGUAGES, answers_at_limits, as_pasted, whole_number
from tests.reporting_fixtures import complete, shipped_templates, start, user

from salw.core.testing import token_client
from salw.reporting import services
from salw.reporting.answers import clean_value
from salw.reporting.models import Question, Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates")]
__all__ = ["shipped_templates"]
REPORT_LANGUAGE = {"zh": "zh-hans"}  # report languages as the template texts name them


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_in_each_language_through_the_api(
    language: str, django_capture_on_commit_callbacks: Any
) -> None:
    api = token_client("kenya.focal")
    code = REPORT_LANGUAGE.get(language, language)
    started = api.post("/api/reports/", {"cycle": "bms10", "language": code}, format="json")
    assert started.status_code == 201, started.json()
    report = Report.objects.get(pk=started.json()["id"])
    questions = list(report.template.questions.select_related("section"))
    answers = as_pasted(
        answers_at_limits(questions, language, long_texts_at_limit=1), questions, language
    )

    saved = api.patch(
        f"/api/reports/{report.pk}/answers/",
        {"answers": answers.typed},
        format="json",
        HTTP_IF_MATCH=started["ETag"],
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert saved.status_code == 200, saved.json().get("errors")
    assert services.answer_values(report) == answers.stored
    published = api.post(
        f"/api/reports/{report.pk}/publication/", {"visibility": "published"}, format="json"
    )
    assert published.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        submitted = api.post(f"/api/reports/{report.pk}/submit/", HTTP_ACCEPT_LANGUAGE=language)
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"

    amended = api.post(f"/api/reports/{report.pk}/amend/")
    assert amended.status_code == 201
    amendment = Report.objects.get(pk=amended.json()["id"])
    assert services.answer_values(amendment) == answers.stored

    public = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert public.get(f"/reports/public/{report.pk}/").status_code == 200
    pdf = public.get(f"/reports/public/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert words_off_the_page(pdf.content) == []  # long addresses and e-mails wrap


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_numbers_as_each_language_writes_them(language: str) -> None:
    question = Question(qid="weapons_destroyed", kind="integer", min_value=0)
    for number in (0, 7, 1_234, 10_000, 1_000_000_000_000):
        assert clean_value(question, whole_number(number, language)) == number


def test_a_telephone_number_and_an_e_mail_keep_their_order_in_an_arabic_report(
    django_capture_on_commit_callbacks: Any,
) -> None:
    telephone, address = "+20 2 2794 5000", "info@moi.gov.eg"
    contact = {"name": "أحمد علي", "organisation": "وزارة الداخلية", "publish": True}
    contact |= {"telephone": telephone, "email": address}
    report = complete(start(language="ar"), poa_contact_details=contact)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, actor=user("kenya.focal"))
    public = Client(HTTP_ACCEPT_LANGUAGE="ar")
    page = public.get(f"/reports/public/{report.pk}/").content.decode()
    assert f"\u2066{telephone}\u2069" in page and f"\u2066{address}\u2069" in page
    text = pdftotext(public.get(f"/reports/public/{report.pk}/report.pdf").content)
    assert telephone in text and address in text, text
