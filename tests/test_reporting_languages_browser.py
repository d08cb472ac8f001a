"""The national report walked in a real Chromium in each of the six languages, by a focal point
of a State that writes in it: the current cycle's report started, every question answered at
its limit in the language's script (pasted as a word processor pastes: vertical tab, no-break
and zero-width spaces; whole numbers in the language's digits), the check page and its
publication choice, submission, an amendment submitted in turn, the public page and the PDF.
The server logs no error; the answers are stored as typed after the documented normalisation;
the PDF's text holds the first sentence in reading order (the Arabic one with its year).
Screenshots of the check page, the public page and the PDF's first page go to test-artifacts/."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site, server_errors
from tests.pdf_text import first_pages_as_png, pdftotext, words_off_the_page
from tests.reporting_answers import SCRIPTS, Pasted, answers_at_limits, as_pasted
from tests.reporting_fixtures import TEMPLATES

from salw.reporting.choices import CHOICE_KINDS, CONTACT_FIELDS, QuestionKind
from salw.reporting.models import Question, Section
from salw.reporting.template_file import parse_template

pytestmark = pytest.mark.browser
QUESTION_FIELDS = ("qid", "number", "kind", "required", "options", "columns", "show_if")
QUESTION_FIELDS += ("min_value", "max_value")

# Who writes in each language: (user, State, the browser's locale, the report's language).
WRITERS = {
    "en": ("kenya.focal", "KEN", "en-GB", "en"),
    "fr": ("senegal.focal", "SEN", "fr-FR", "fr"),
    "es": ("peru.focal", "PER", "es-PE", "es"),
    "ru": ("kazakhstan.focal", "KAZ", "ru-RU", "ru"),
    "ar": ("egypt.focal", "EGY", "ar-EG", "ar"),
    "zh": ("china.focal", "CHN", "zh-CN", "zh-hans"),
}
PEOPLE = [(user, iso3, language) for (user, iso3, _locale, language) in WRITERS.values()]
CREATE_FOCAL_POINTS = (
    "from salw.accounts.choices import OrganisationKind;"
    "from salw.accounts.models import Organisation, User;"
    "from salw.accounts.services import create_user;"
    "from salw.states.models import State\n"
    f"for username, iso3, language in {PEOPLE}:\n"
    "    state = State.objects.get(iso3=iso3)\n"
    "    organisation, _ = Organisation.objects.get_or_create(\n"
    "        kind=OrganisationKind.STATE, state=state, defaults={'name': str(state)})\n"
    "    if not User.objects.filter(username=username).exists():\n"
    "        create_user(username=username, password=username + '-demo', language=language,\n"
    "            roles=['focal_point', 'contributor'], organisation=organisation)\n"
)
INVISIBLE = str.maketrans({"\u200b": None, "\u00a0": " "})


@pytest.fixture(scope="module")
def var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("languages-site")


@pytest.fixture(scope="module")
def site(var: Path) -> Iterator[str]:
    extra = (["reporting", "load-template"], ["shell", "-c", CREATE_FOCAL_POINTS])
    with served_site(var, extra) as address:
        yield address


@pytest.fixture(scope="module")
def questionnaires() -> dict[str, list[Question]]:
    """The questions of each shipped template, by template code, as the site loads them (read
    from the files: Playwright's event loop forbids database access in the test)."""
    found = {}
    for path in sorted(TEMPLATES.glob("*.yaml")):
        spec = parse_template(path.read_bytes())
        found[spec.code] = []
        for position, section_spec in enumerate(spec.sections):
            section = Section(key=section_spec.key, number=section_spec.number, position=position)
            found[spec.code] += [
                Question(section=section, **{f: getattr(q, f) for f in QUESTION_FIELDS})
                for q in section_spec.questions
            ]
    return found


@pytest.fixture(scope="module")
def browser(site: str, questionnaires: dict[str, list[Question]]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _signed_in(browser: Any, site: str, username: str, locale: str) -> Any:
    page = browser.new_context(locale=locale, base_url=site).new_page()
    page.set_default_timeout(60_000)
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(f"{username}-demo")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/dashboard/")
    return page


def _fill(page: Any, question: Question, typed: Any) -> None:
    qid = question.qid
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        for option in typed:
            page.locator(f'input[type=checkbox][name="{qid}"][value="{option}"]').check()
    elif question.kind in CHOICE_KINDS:
        page.locator(f'input[type=radio][name="{qid}"][value="{typed}"]').check()
    elif question.kind == QuestionKind.CONTACT:
        for part in CONTACT_FIELDS:
            page.locator(f'[name="{qid}__{part}"]').fill(typed[part])
        if typed.get("publish"):
            page.locator(f'[name="{qid}__publish"]').check()
    elif question.kind == QuestionKind.TABLE:
        for index, row in enumerate(typed):
            for column, cell in row.items():
                page.locator(f'[name="{qid}__{index}__{column}"]').fill(cell)
    elif question.kind == QuestionKind.FILE:
        page.locator(f'[name="{qid}"]').fill(typed["reference"])
    else:
        page.locator(f'[name="{qid}"]').fill(str(typed))


def _stored(page: Any, report_id: str) -> dict[str, Any]:
    """The report's answers as the API gives them back, by question id."""
    content = page.request.get(f"/api/reports/{report_id}/").json()["content"]
    return {
        answer["id"]: answer["value"]
        for section in content["sections"]
        for answer in section["answers"]
        if answer["value"] is not None
    }


def _submit_through_the_check_page(page: Any, report_id: str, shot: str = "") -> None:
    page.goto(f"/reports/{report_id}/check/")
    assert page.locator(".gaps a:not([href='#publication'])").count() == 0
    published = page.locator('input[name="visibility"][value="published"]')
    if not published.is_checked():
        published.check()
    if shot:
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    page.locator(f'form[action="/reports/{report_id}/check/"] button').click()
    page.wait_for_load_state()
    assert page.locator(".message.success").count() == 1, page.locator("main").inner_text()


def _reading_text(text: str) -> str:
    """Text as read: zero-width spaces gone, no-break spaces and line breaks as spaces."""
    return " ".join(text.translate(INVISIBLE).split())


@pytest.mark.parametrize("language", list(WRITERS))
def test_the_whole_report_in_each_language(
    language: str, site: str, var: Path, questionnaires: dict[str, list[Question]], browser: Any
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    username, _iso3, locale, report_language = WRITERS[language]
    page = _signed_in(browser, site, username, locale)
    page.goto("/reports/")
    page.locator("#id_language").select_option(report_language)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/reports/*/")
    report_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    questions = questionnaires[page.request.get(f"/api/reports/{report_id}/").json()["template"]]
    answers: Pasted = as_pasted(
        answers_at_limits(questions, language, long_texts_at_limit=1), questions, language
    )

    sections = {q.section.key: q.section for q in questions}  # in the template's order
    for key, section in sections.items():
        page.goto(f"/reports/{report_id}/section/{key}/")
        for question in (q for q in questions if q.section is section):
            if question.qid in answers.typed:
                _fill(page, question, answers.typed[question.qid])
        page.locator('button[name="save"]').click()
        page.wait_for_load_state()
        errors = page.locator(".message.error, .errorlist")
        assert errors.count() == 0, (key, errors.all_inner_texts())

    assert _stored(page, report_id) == answers.stored
    assert page.locator("html").get_attribute("lang") == report_language  # the person's language
    _submit_through_the_check_page(page, report_id, f"languages-check-{language}.png")

    page.goto(f"/reports/{report_id}/")
    page.locator(f'form[action="/reports/{report_id}/amend/"] button').click()
    page.wait_for_url("**/reports/*/")
    amendment = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert amendment != report_id and _stored(page, amendment) == answers.stored
    _submit_through_the_check_page(page, amendment)

    public = browser.new_context(locale=locale, base_url=site).new_page()
    public.goto(f"/reports/public/{amendment}/")
    assert public.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    first_sentence = SCRIPTS[language][0].strip()
    assert first_sentence in _reading_text(public.locator("main").inner_text())
    public.screenshot(path=str(ARTIFACTS / f"languages-public-{language}.png"))
    # Long e-mail addresses wrap: the page is no wider than the screen, in either direction.
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    pdf = public.request.get(
        f"/reports/public/{amendment}/report.pdf",
        headers={"Accept-Language": locale},
        timeout=180_000,  # a report at its limits in Chinese: about 30 pages
    )
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    (ARTIFACTS / f"languages-{language}.pdf").write_bytes(pdf.body())
    text = _reading_text(pdftotext(pdf.body()))
    # The first sentence in reading order, its year in place: "… في عام 2026." (poppler reads a
    # full stop after a number in right-to-left text as the number's, before it: ".2026").
    words, year = first_sentence.rstrip(".。").rsplit(" ", 1)
    assert re.search(rf"{re.escape(words)} ?\.?{year}", text), text[:2000]
    assert words_off_the_page(pdf.body()) == []  # long addresses and e-mails wrap
    first_pages_as_png(pdf.body(), str(ARTIFACTS / f"languages-pdf-{language}"))
    public.context.close()
    page.context.close()
    assert server_errors(var) == []
