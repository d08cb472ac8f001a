"""The public reports database in a real Chromium, in Spanish and in Arabic: pickers by name, the
answer picker following the question, inflected forms found, a refused filter said by its field."""

from collections.abc import Iterator

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

pytestmark = pytest.mark.browser
# Published reports written as focal points write, indexed as publication indexes them.
PUBLISH = (
    "from salw.reporting import search;"
    "from salw.reporting.models import Answer, Question, Report, ReportingCycle;"
    "from salw.states.models import State;"
    "cycle = ReportingCycle.objects.get(meeting__code='bms10');"
    "text = Question.objects.get(template=cycle.template, qid='implementation_challenges');"
    "marking = Question.objects.get(template=cycle.template, qid='import_marking_required');"
    "rows = [('PER', 'es', 'Se realizaron campañas de marcaje de armas importadas.'),"
    " ('EGY', 'ar', 'تحتفظ اللجنة الوطنية بسجلات الأسلحة الموسومة في عام 2026.')];"
    "reports = [Report.objects.create(state=State.objects.get(iso3=s), cycle=cycle,"
    " template=cycle.template, status='submitted', visibility='published', language=l)"
    " for s, l, _t in rows];"
    "[Answer.objects.create(report=r, question=text, value=t)"
    " for r, (_s, _l, t) in zip(reports, rows)];"
    "[Answer.objects.create(report=r, question=marking, value='yes') for r in reports];"
    "[search.index_report(r.pk) for r in reports]"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    extra = (["reporting", "load-template"], ["shell", "-c", PUBLISH])
    with served_site(tmp_path_factory.mktemp("public-search-site"), extra) as address:
        yield address


@pytest.mark.parametrize(
    ("language", "query", "state", "found", "refusal"),
    [
        ("es", "campaña", "Perú", "campañas", "Ningún Estado tiene el código «XYZ»"),
        ("ar", "أسلحتها", "مصر", "الأسلحة", "لا توجد دولة رمزها «XYZ»"),
    ],
)
def test_the_public_search_in_spanish_and_arabic(
    site: str, language: str, query: str, state: str, found: str, refusal: str
) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(
            base_url=site, extra_http_headers={"Accept-Language": language}
        )
        page = context.new_page()
        page.goto("/reports/public/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        page.locator("#id_q").fill(query)
        page.locator("#id_state").select_option(label=state)
        page.locator("#id_question").select_option("import_marking_required")
        # Only the chosen question's answers stay offered.
        hidden = page.eval_on_selector_all(
            "#id_answer option", "options => options.filter(o => o.hidden).map(o => o.value)"
        )
        assert "developing" in hidden and "yes" not in hidden and "no" not in hidden
        page.locator("#id_answer").select_option("yes")
        page.locator("form.public-search button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("tbody tr").count() == 1
        assert page.locator("tbody mark").first.inner_text() == found
        page.screenshot(path=str(ARTIFACTS / f"public-search-{language}.png"), full_page=True)

        page.goto("/reports/public/?state=XYZ&q=%22marcaje")
        assert refusal in page.locator("form.public-search").inner_text()
        assert page.locator("tbody tr").count() == 1  # "no report matches"
        page.screenshot(
            path=str(ARTIFACTS / f"public-search-refused-{language}.png"), full_page=True
        )
        context.close()
        browser.close()
