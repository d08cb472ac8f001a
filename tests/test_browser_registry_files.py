"""A record keeper's own file and counts in a real Chromium: Peru's in French and Kenya's in
Arabic map a register with a cover sheet, French headers and weapon types; Kenya's in Arabic
counts a site that finds a weapon missing and one not on the register, serials left to right."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_site(tmp_path_factory.mktemp("site")) as address:
        yield address


@pytest.fixture
def browser_context(live_site: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser.new_context(locale="en-GB", base_url=live_site)
        browser.close()


def _sign_in(page: object, username: str, language: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"{username}-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    with page.expect_navigation():
        page.locator("select[name=language]").select_option(language)


def _ministry_workbook(path: Path, rows: int) -> Path:
    """A ministry's register as it sends it: a cover sheet, then the register in French."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "Page de garde"
    cover.append(["Ministère de l'Intérieur — Registre national des armes"])
    cover.append(["Arrêté au 30 novembre 2026"])
    register = book.create_sheet("Registre")
    register.append(["N° d'enregistrement", "Type d’arme", "N° de série", "Fabricant",
                     "Année de fabrication"])  # fmt: skip
    types = ["Pistolet", "Fusil d'assaut", "Revolver", "Carabine", "Pistolet-mitrailleur"]
    for n in range(1, rows + 1):
        register.append([f"PE-2026-{n:04d}", types[n % 5], f"PE/{n:05d}-B", "Glock", 2000 + n % 20])
    book.save(path)
    return path


def _numbers(text: str) -> list[int]:
    """The whole numbers of a sentence as any of the six languages prints them."""
    digits = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    for separator in ("\u066c", "\u202f", "\xa0", ",", "."):
        digits = digits.replace(separator, "")
    return [int(n) for n in re.findall(r"\d+", digits)]


@pytest.mark.parametrize(
    ("username", "language"), [("peru.records", "fr"), ("kenya.records", "ar")]
)
def test_a_french_register_is_mapped_on_the_page(
    browser_context: object, tmp_path: Path, username: str, language: str
) -> None:
    """The ministry's workbook (cover sheet, French headers and types) imported by Peru's record
    keeper in French and Kenya's in Arabic: the page in the reader's language and direction."""
    from django.utils import translation

    ARTIFACTS.mkdir(exist_ok=True)
    page = browser_context.new_page()
    _sign_in(page, username, language)
    register = _ministry_workbook(tmp_path / "registre-armes.xlsx", 2000)
    page.goto("/registry/imports/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.locator("input[type=file]").set_input_files(str(register))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/registry/imports/map/")
    # The cover sheet is passed over; every sheet is offered with its first rows.
    sheets = page.locator("#sheets")
    assert "Page de garde" in sheets.inner_text() and "PE/00001-B" in sheets.inner_text()
    assert page.locator("#sheets input[value=Registre]").is_checked()
    assert page.locator("#map-serial").input_value() == "N° de série"
    assert page.locator("#map-manufacturer").input_value() == "Fabricant"
    page.screenshot(path=str(ARTIFACTS / f"import-mapping-{language}.png"), full_page=True)
    page.locator("#map-record_number").select_option("N° d'enregistrement")
    page.locator("#map-weapon_type").select_option("Type d’arme")
    page.locator("main form:not(#sheets) button[type=submit]").click()
    page.wait_for_url("**/registry/imports/*/")
    with translation.override(language):
        done = translation.gettext("Done: every row of the file is read.")
    for _ in range(300):
        if done in page.locator("#import-state").inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
    counts = page.locator("#import-state").locator("xpath=preceding-sibling::p[1]").inner_text()
    assert _numbers(counts) == [2000, 2000, 2000, 0], counts  # read, total, imported, bad
    assert page.locator("a[href$='bad-rows.csv']").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"import-done-{language}.png"), full_page=True)


def test_kenya_counts_a_site_in_arabic(browser_context: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser_context.new_page()
    _sign_in(page, "kenya.records", "ar")
    page.goto("/registry/sites/")
    page.locator("input[name=code]").fill("NBO-7")
    page.locator("input[name=name]").fill("مستودع نيروبي")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/registry/sites/*/")
    site_url = page.url
    page.locator("input[name=counted_on]").fill("2025-03-01")
    page.locator("textarea[name=counted]").fill("XX-55/7-B\n")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/registry/counts/*/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    cell = page.locator("bdi", has_text="XX-55/7-B").first
    assert cell.get_attribute("dir") == "ltr"
    # The serial reads left to right on the right-to-left page: "XX" is left of "-B" on screen.
    lefts = cell.evaluate(
        """node => {
            const text = node.firstChild, range = document.createRange();
            const left = (start, end) => {
                range.setStart(text, start); range.setEnd(text, end);
                return range.getBoundingClientRect().left;
            };
            return [left(0, 2), left(text.length - 1, text.length)];
        }"""
    )
    assert lefts[0] < lefts[1], lefts
    page.screenshot(path=str(ARTIFACTS / "count-ar.png"), full_page=True)
    assert site_url.startswith("http")
