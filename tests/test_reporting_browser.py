"""The issue's end-to-end check in a real Chromium: drafting in Chinese by two people, a stale
edit refused, a submission refused then accepted, the public search in Chinese and the PDF."""

import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

pytestmark = pytest.mark.browser
CHINESE = "所有武器在制造和进口时均须作标识，标识包括制造国和序列号。"
CREATE_WRITER = (
    "from salw.accounts.models import Organisation;"
    "from salw.accounts.services import create_user;"
    "create_user(username='kenya.writer', password='kenya.writer-demo', roles=['contributor'],"
    " organisation=Organisation.objects.get(state__iso3='KEN'))"
)
# What completes the required questions, section by section (radio choices and text fields).
REQUIRED = {
    "coordination": {"coordination_body": "no", "poa_contact_point": "yes",
                     "national_action_plan": "developing", "poa_contact_details__name": "王明",
                     "poa_contact_details__email": "npc@example.org"},
    "manufacture": {"manufacture_any": "no", "manufacture_laws": "yes"},
    "transfers": {"transfer_laws": "yes", "export_euc_required": "yes",
                  "import_marking_required": "yes"},
    "brokering": {"brokering_laws": "yes"},
    "stockpiles": {"stockpile_standards": "yes"},
    "marking": {"unmarked_weapons_measures": "yes"},
    "records": {"record_keeping_standards": "yes"},
    "tracing": {"tracing_procedures": "yes"},
}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A served salw with States, demo personas, the shipped templates and a second contributor."""
    extra = (["reporting", "load-template"], ["shell", "-c", CREATE_WRITER])
    with served_site(tmp_path_factory.mktemp("reporting-site"), extra) as address:
        yield address


def _signed_in(browser, site: str, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", base_url=site)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text),
    )
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(f"{username}-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/dashboard/")
    return page


def _answer(page, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, value in values.items():
        radio = page.locator(f'input[type=radio][name="{name}"][value="{value}"]')
        if radio.count():
            radio.check()
        else:
            page.locator(f'[name="{name}"]').fill(value)


def test_chinese_report_from_two_contributors_to_public_search_and_pdf(site: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        focal = _signed_in(browser, site, "kenya.focal")
        focal.goto("/reports/")
        focal.locator("#id_language").select_option("zh-hans")
        focal.locator("main form button[type=submit]").click()
        focal.wait_for_url("**/reports/*/")
        report_url = focal.url
        report_id = report_url.rstrip("/").rsplit("/", 1)[-1]
        marking = f"/reports/{report_id}/section/marking/"

        writer = _signed_in(browser, site, "kenya.writer")
        focal.goto(marking)  # the focal point opens the section too, before the writer saves
        writer.goto(marking)
        assert "标识" in writer.locator("h1").inner_text()  # questionnaire in Chinese
        writer.locator('[name="marking_practices"]').fill(CHINESE)
        writer.locator('button[name="save"]').click()
        writer.wait_for_load_state()
        assert writer.locator('[name="marking_practices"]').input_value() == CHINESE

        focal.locator('[name="marking_practices"]').fill("过时的文本")
        focal.locator('button[name="save"]').click()
        focal.wait_for_load_state()
        assert "7.5" in focal.locator(".message.error").first.inner_text()
        # Both versions side by side; what the focal point typed stays in the field.
        assert CHINESE in focal.locator(".conflict .theirs").inner_text()
        assert focal.locator('[name="marking_practices"]').input_value() == "过时的文本"
        focal.screenshot(path=str(ARTIFACTS / "report-stale-edit-zh.png"), full_page=True)

        focal.goto(report_url)
        focal.locator(f'a[href="/reports/{report_id}/check/"]').click()
        focal.wait_for_load_state()
        focal.locator(f'form[action="/reports/{report_id}/check/"] button').click()
        focal.wait_for_load_state()
        missing = focal.locator(".gaps").inner_text()
        assert "1.1" in missing and "3.4" in missing
        assert focal.locator('.gaps a[href="#publication"]').count() == 1  # never defaulted
        focal.screenshot(path=str(ARTIFACTS / "report-refused-zh.png"), full_page=True)

        for key, values in REQUIRED.items():
            focal.goto(f"/reports/{report_id}/section/{key}/")
            _answer(focal, values)
            focal.locator('button[name="save"]').click()
            focal.wait_for_load_state()
            assert focal.locator(".message.error").count() == 0, key
        focal.goto(f"/reports/{report_id}/check/")
        assert focal.locator(".gaps a").count() == 1  # only the publication choice is left
        focal.locator('input[name="visibility"][value="published"]').check()
        focal.screenshot(path=str(ARTIFACTS / "report-check-zh.png"), full_page=True)
        focal.locator(f'form[action="/reports/{report_id}/check/"] button').click()
        focal.wait_for_load_state()
        assert focal.locator(".gaps").count() == 0
        assert focal.locator(".message.success").count() == 1

        public = browser.new_context(locale="zh-CN", base_url=site).new_page()
        public.goto("/reports/public/?q=标识")
        assert public.locator(f'a[href="/reports/public/{report_id}/"]').count() == 1
        assert public.locator("mark").first.inner_text() == "标识"
        public.screenshot(path=str(ARTIFACTS / "reports-search-zh.png"), full_page=True)
        pdf = public.request.get(f"/reports/public/{report_id}/report.pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
        assert CHINESE in "".join(text.split())  # the answer wraps inside its table cell
        assert focal.csp_errors == [] and writer.csp_errors == []
        browser.close()
