"""One set of limits: every answer type of every shipped template, at its limits, through the
API, the section forms and the workbook, then submitted; text normalised on every door; and
what a record fed by the submission would refuse named on the check page, never a 500."""

import io
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from tests.reporting_answers import answers_at_limits
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import signed_in_client, token_client
from salw.reporting import services
from salw.reporting.answers import SHORT_TEXT_MAX
from salw.reporting.choices import CONTACT_FIELDS, QuestionKind
from salw.reporting.models import Answer, Report
from salw.reporting.workbook import export_workbook
from salw.states.choices import CONTACT_LIMITS
from salw.states.models import PointOfContact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


def _pasted(text: str) -> str:
    """As pasted from a word processor: a NUL, and its in-paragraph breaks (vertical tab, form
    feed) where the text had a space; cleaning gives back the text as typed."""
    text = f"{text[:20]}\x00{text[20:]}"
    if " " in text:
        first, last = text.index(" "), text.rindex(" ")
        text = f"{text[:first]}\x0b{text[first + 1 :]}"
        if last != first:
            text = f"{text[:last]}\x0c{text[last + 1 :]}"
    return text


def _answers_at_limits(report: Report) -> dict[str, Any]:
    """Every question the answers show, answered at its limit."""
    return answers_at_limits(list(report.template.questions.select_related("section")))


def _as_pasted(values: dict[str, Any]) -> dict[str, Any]:
    """The same answers with control characters in every free text."""
    pasted: dict[str, Any] = {}
    for qid, value in values.items():
        if isinstance(value, dict):
            pasted[qid] = {
                k: _pasted(v) if isinstance(v, str) and k not in ("email",) else v
                for k, v in value.items()
            }
        elif isinstance(value, str) and len(value) >= SHORT_TEXT_MAX:
            pasted[qid] = _pasted(value)
        else:
            pasted[qid] = value
    return pasted


def _form_data(report: Report, section_key: str, values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"revision": report.revision, "save": "1"}
    for question in report.template.questions.filter(section__key=section_key):
        value = values.get(question.qid)
        if value is None:
            continue
        qid = question.qid
        if question.kind == QuestionKind.CONTACT:
            for part in CONTACT_FIELDS:
                data[f"{qid}__{part}"] = value[part]
            if value.get("publish"):
                data[f"{qid}__publish"] = "on"
        elif question.kind == QuestionKind.TABLE:
            for index, row in enumerate(value):
                for column, cell in row.items():
                    data[f"{qid}__{index}__{column}"] = cell
        elif question.kind == QuestionKind.FILE:
            data[qid] = value["reference"]
        else:
            data[qid] = value if isinstance(value, list) else str(value)
    return data


@pytest.mark.parametrize("code", ["revcon3", "bms10"])  # the v2 (2016) and v3 (2020) templates
def test_every_answer_type_at_its_limits_passes_every_door_then_submits(
    code: str, django_capture_on_commit_callbacks: Any
) -> None:
    # The API, with control characters pasted in: stored normalised.
    report = start(code=code)
    expected = _answers_at_limits(report)
    kinds = {q.kind for q in report.template.questions.all() if q.qid in expected}
    assert {QuestionKind.CONTACT, QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT} <= kinds
    api = token_client("kenya.focal")
    saved = api.patch(
        f"/api/reports/{report.pk}/answers/",
        {"answers": _as_pasted(expected)},
        format="json",
        HTTP_IF_MATCH=report.etag,
    )
    assert saved.status_code == 200, saved.json()["errors"]
    assert services.answer_values(report) == expected

    # The workbook: downloads, and comes back unchanged.
    page = signed_in_client("kenya.focal")
    download = page.get(f"/reports/{report.pk}/workbook.xlsx")
    assert download.status_code == 200
    report.refresh_from_db()
    revision = report.revision
    services.import_workbook(report, download.content, actor=user("kenya.focal"))
    report.refresh_from_db()
    assert report.revision == revision and services.answer_values(report) == expected

    # The section forms of a second State's draft: every field takes the limit it shows.
    other = start("peru.focal", code=code)
    peru = signed_in_client("peru.focal")
    for section in other.template.sections.all():
        other.refresh_from_db()
        form = peru.get(f"/reports/{other.pk}/section/{section.key}/").content.decode()
        for question in section.questions.filter(kind=QuestionKind.SHORT_TEXT):
            tag = re.search(rf'<input[^>]*name="{question.qid}"[^>]*>', form)
            assert tag and f'maxlength="{SHORT_TEXT_MAX}"' in tag.group(0), question.qid
        if section.questions.filter(kind=QuestionKind.CONTACT).exists():
            assert 'type="email"' in form and 'type="tel"' in form
            assert f'maxlength="{CONTACT_LIMITS["address"]}"' in form
        if section.questions.filter(kind=QuestionKind.INTEGER).exists():
            assert 'inputmode="numeric"' in form
        posted = peru.post(
            f"/reports/{other.pk}/section/{section.key}/",
            _form_data(other, section.key, _as_pasted(expected)),
        )
        assert posted.status_code == 302, section.key
    assert services.answer_values(other) == expected

    # Submitted through the check page; the records it feeds take every part at its limit.
    with django_capture_on_commit_callbacks(execute=True):
        done = page.post(f"/reports/{report.pk}/check/", {"visibility": "published"})
    assert done.status_code == 302
    assert Report.objects.get(pk=report.pk).status == "submitted"
    contact = PointOfContact.objects.filter(state__iso3="KEN").first()
    assert contact is not None and len(contact.title) == CONTACT_LIMITS["title"]
    assert Client().get(f"/reports/public/{report.pk}/").status_code == 200
    assert Client().get(f"/reports/public/{report.pk}/report.pdf").status_code == 200


def test_the_job_title_that_crashed_submission_is_kept_and_submitted(
    django_capture_on_commit_callbacks: Any,
) -> None:
    title = "Director General de Control de Armas, Municiones y Explosivos de Uso Civil"
    contact = {"title": title, "name": "Lucía Quispe", "organisation": "SUCAMEC"}
    report = complete(start(), poa_contact_details=contact)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, actor=user("kenya.focal"))
    assert PointOfContact.objects.get(state__iso3="KEN", scope="poa").title == title


def test_what_a_fed_record_refuses_is_named_with_a_link_never_a_500() -> None:
    # An answer kept from before the limits were shared (or written by an older version).
    report = complete(start())
    too_long = "Jefe de la Oficina de Registro " * 5
    Answer.objects.filter(report=report, question__qid="poa_contact_details").update(
        value={"title": too_long, "name": "Lucía Quispe", "organisation": "SUCAMEC"}
    )
    focal = signed_in_client("kenya.focal")
    check = focal.get(f"/reports/{report.pk}/check/")
    assert check.status_code == 200
    link = f"/reports/{report.pk}/section/coordination/#id_poa_contact_details__title"
    assert link in check.content.decode()
    refused = focal.post(f"/reports/{report.pk}/check/", {"visibility": "published"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "1.2.1" in body and "Title (Mr./Ms.)" in body and link in body
    assert Report.objects.get(pk=report.pk).status == "draft"
    api = token_client("kenya.focal").post(f"/api/reports/{report.pk}/submit/")
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert "poa_contact_details__title" in api.json()["errors"]
    with pytest.raises(CommandError, match="poa_contact_details__title"):
        call_command("reporting", "submit", "KEN", "bms10", "--user", "kenya.focal")
    assert Report.objects.get(pk=report.pk).status == "draft"
    assert not PointOfContact.objects.filter(state__iso3="KEN").exists()


def test_text_pasted_with_control_characters_is_cleaned_on_every_door() -> None:
    report = start()
    api = token_client("kenya.focal")
    nul = api.patch(
        f"/api/reports/{report.pk}/answers/",
        {"answers": {"marking_practices": "Marcaje\x00 con láser\x0b KE/2024/001-A"}},
        format="json",
        HTTP_IF_MATCH=report.etag,
    )
    assert nul.status_code == 200
    assert services.answer_values(report)["marking_practices"] == "Marcaje con láser KE/2024/001-A"
    # An answer saved before text was cleaned still downloads as a workbook.
    Answer.objects.filter(report=report, question__qid="marking_practices").update(
        value="Otieno\x0bMwangi"
    )
    download = signed_in_client("kenya.focal").get(f"/reports/{report.pk}/workbook.xlsx")
    assert download.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download.content))
    cells = [c.value for s in book.worksheets for row in s.iter_rows() for c in row]
    assert "Otieno Mwangi" in cells  # Word's line break, not two words run together
    assert export_workbook(report, services.answer_values(report), "ar")


def test_the_last_sections_next_button_leads_to_the_check_page() -> None:
    report = start()
    last = report.template.sections.order_by("-position").first()
    assert last is not None
    saved = signed_in_client("kenya.focal").post(
        f"/reports/{report.pk}/section/{last.key}/", {"revision": report.revision, "next": "1"}
    )
    assert saved.status_code == 302 and saved["Location"] == f"/reports/{report.pk}/check/"
