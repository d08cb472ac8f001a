"""The check page in a real Chromium, in English and Arabic: what is missing links to its field,
the publication choice is explained and not preselected, and the contact block offers the
choice to publish its person. Screenshots go to test-artifacts/ for a person to look at."""

from collections.abc import Iterator

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    extra = (["reporting", "load-template"],)
    with served_site(tmp_path_factory.mktemp("check-site"), extra) as address:
        yield address


def _signed_in(browser, site: str, locale: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(locale=locale, base_url=site).new_page()
    page.goto("/login/")
    page.locator("#id_username").fill("kenya.focal")
    page.locator("#id_password").fill("kenya.focal-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/dashboard/")
    return page


def test_the_check_page_in_english_and_arabic(site: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = _signed_in(browser, site, "en-GB")
        page.goto("/reports/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/reports/*/")
        report_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        for locale, language in (("en-GB", "en"), ("ar", "ar")):
            page = _signed_in(browser, site, locale)
            page.goto(f"/reports/{report_id}/check/")
            assert page.locator("html").get_attribute("lang") == language
            if language == "ar":
                assert page.locator("html").get_attribute("dir") == "rtl"
            assert page.locator('input[name="visibility"]:checked').count() == 0
            assert page.locator('.gaps a[href="#publication"]').count() == 1
            first = page.locator(".gaps a").first
            assert "/section/" in (first.get_attribute("href") or "")
            page.screenshot(path=str(ARTIFACTS / f"report-check-{language}.png"), full_page=True)
            first.click()
            page.wait_for_load_state()
            page.goto(f"/reports/{report_id}/section/coordination/")
            page.locator('input[name="poa_contact_point"][value="yes"]').check()
            publish = page.locator('input[name="poa_contact_details__publish"]')
            assert publish.count() == 1 and not publish.is_checked()
            assert page.locator('input[name="poa_contact_details__email"]').get_attribute(
                "type"
            ) == ("email")
            page.locator("#q-poa_contact_details").screenshot(
                path=str(ARTIFACTS / f"report-contact-block-{language}.png")
            )
        browser.close()
