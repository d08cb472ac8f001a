"""A real Chromium, driven by Playwright, against a real server started like `make run` does."""

from collections.abc import Iterator

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

from salw.core.catalogues import catalogue

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A served salw with its own SQLite database, States and demo personas."""
    with served_site(tmp_path_factory.mktemp("site")) as address:
        yield address


@pytest.fixture
def page(live_site: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="en-GB", base_url=live_site)
        page = context.new_page()
        page.csp_errors = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_errors.append(message.text)
            ),  # type: ignore[attr-defined]
        )
        yield page
        browser.close()


def test_focal_point_signs_in_and_switches_to_arabic(page: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/login/")
    page.get_by_label("Username").fill("kenya.focal")
    page.get_by_label("Password").fill("kenya.focal-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "My tasks"

    # The switcher submits itself on change (a small script), as a keyboard user would use it.
    with page.expect_navigation():
        page.get_by_label("Language").select_option("ar")
    arabic = catalogue("ar")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == arabic["My tasks"]
    assert arabic["Your State's team"] in page.locator("main").inner_text()
    # Mirrored: the brand sits on the right-hand side of the header bar.
    brand = page.locator(".brand").bounding_box()
    viewport = page.viewport_size
    assert brand["x"] > viewport["width"] / 2
    page.screenshot(path=str(ARTIFACTS / "dashboard-ar.png"), full_page=True)

    # The choice is remembered: the next page is Arabic too.
    page.goto("/states/?region=002")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "كينيا" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "states-ar.png"), full_page=True)
    assert page.csp_errors == []  # type: ignore[attr-defined]


def test_chinese_states_page_and_keyboard_skip_link(page: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/states/CHN/")
    with page.expect_navigation():
        page.get_by_label("Language").select_option("zh-hans")
    assert page.get_by_role("heading", level=1).inner_text() == "中国"
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    page.screenshot(path=str(ARTIFACTS / "state-zh.png"), full_page=True)
    assert page.csp_errors == []  # type: ignore[attr-defined]


def test_api_docs_render_from_local_files_within_the_csp(page: object) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(("http://127.0.0.1", "data:"))
            and outside.append(request.url)
        ),
    )
    page.goto("/api/docs/")
    page.get_by_text("/api/states/{iso3}/").wait_for()
    assert outside == []
    assert page.csp_errors == []  # type: ignore[attr-defined]
