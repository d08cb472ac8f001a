"""A record keeper's day in a real Chromium, in Arabic (Kenya) and in French (Peru): a pistol of
three marked parts (frame, the serialised reference component, slide and barrel, each with its
own serial of slashes and hyphens) is registered, enters one of the State's sites and moves to
another; a count of that site finds a weapon missing and one not on the register, and the count's
discrepancies show both. On the Arabic pages every serial reads left to right on the screen."""

from collections.abc import Iterator

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site, server_errors
from tests.test_marks_browser import VISUAL_TEXT
from tests.test_tracing_browser import _signed_in

pytestmark = pytest.mark.browser

WALKS = {
    # language: (account, prefix of the site codes and serials)
    "ar": ("kenya.records", "KE"),
    "fr": ("peru.records", "PE"),
}


@pytest.fixture(scope="module")
def site_and_var(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    var = tmp_path_factory.mktemp("stockpile-site")
    reference = [["registry", "load-reference"]]  # the makes, models and calibres typed are matched
    with served_site(var, reference) as address:
        yield address, var
    assert server_errors(var) == []


def _visual(page, locator) -> str:  # type: ignore[no-untyped-def]
    return locator.evaluate(VISUAL_TEXT).replace(" ", "")


def _submit(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def _new_site(page, code: str, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto("/registry/sites/")
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=name]").fill(name)
    _submit(page)
    page.wait_for_url("**/registry/sites/*/")
    return page.url


def _register(page, record: str, reference_serial: str) -> str:  # type: ignore[no-untyped-def]
    page.goto("/registry/weapons/new/")
    page.locator("#id_weapon_type").select_option("pistol")
    page.locator("#id_manufacturer").fill("Glock")
    page.locator("#id_model").fill("17")
    page.locator("#id_calibre").fill("9×19 mm")
    page.locator("#id_year_of_manufacture").fill("2012")
    page.locator("#id_source_ref").fill(record)
    page.locator("#id_reference_kind").select_option("frame")
    page.locator("#id_text_as_read").fill(f"GLOCK {reference_serial} AUSTRIA")
    page.locator("#id_serial").fill(reference_serial)
    _submit(page)
    page.wait_for_url("**/registry/weapons/*/")
    return page.url


def _add_component(page, weapon_url: str, kind: str, serial: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(weapon_url + "components/new/")
    page.locator("#id_component_kind").select_option(kind)
    page.locator("#id_text_as_read").fill(serial)
    page.locator("#id_serial").fill(serial)
    _submit(page)
    assert page.url == weapon_url, page.locator("main").inner_text()


def _event(page, weapon_url: str, kind: str, date: str, site_code: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(weapon_url + "events/new/")
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_date").fill(date)
    site = page.locator("#id_site option", has_text=site_code).first.get_attribute("value")
    page.locator("#id_site").select_option(site)
    _submit(page)
    assert page.url == weapon_url, page.locator("main").inner_text()


@pytest.mark.parametrize("language", list(WALKS))
def test_record_keeper_registers_moves_and_counts(
    site_and_var: tuple[str, object], language: str
) -> None:
    from playwright.sync_api import sync_playwright

    site, _var = site_and_var
    account, prefix = WALKS[language]
    frame, slide, barrel = f"{prefix}-4417/B-12", f"{prefix}/88-301-S", f"B-{prefix}/5512-09"
    other = f"{prefix}-0099/A-7"
    stray = f"XX-55/7-{prefix}"  # on the shelf, in no register
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = _signed_in(browser, site, account, language=language)
        page.goto("/registry/sites/")
        assert page.locator("html").get_attribute("lang") == language
        depot = _new_site(
            page, f"{prefix}-DEP-1", "Dépôt central" if language == "fr" else "المستودع المركزي"
        )
        armoury = _new_site(
            page, f"{prefix}-ARM-2", "Armurerie Nord" if language == "fr" else "مخزن الشمال"
        )

        pistol = _register(page, f"2026/{prefix}-0005-B", frame)
        _add_component(page, pistol, "slide", slide)
        _add_component(page, pistol, "barrel", barrel)
        _event(page, pistol, "entered_stockpile", "2025-01-10", f"{prefix}-DEP-1")
        _event(page, pistol, "site_move", "2025-02-03", f"{prefix}-ARM-2")
        serials = page.locator("main").inner_text()
        history = page.locator("main table").last.inner_text()  # each event with its site
        assert f"{prefix}-DEP-1" in history and f"{prefix}-ARM-2" in history
        assert frame in serials and slide in serials and barrel in serials
        if language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
            for serial in (frame, slide, barrel):  # each part's serial, in its own table
                cell = page.locator("main table tbody td", has_text=serial).last
                assert serial in _visual(page, cell), (serial, _visual(page, cell))
        page.screenshot(path=str(ARTIFACTS / f"stockpile-weapon-{language}.png"), full_page=True)

        # A second pistol is kept at the armoury; it will not be found there.
        kept = _register(page, f"2026/{prefix}-0006-B", other)
        _event(page, kept, "entered_stockpile", "2025-01-11", f"{prefix}-ARM-2")

        # The depot no longer expects the moved pistol; the armoury expects both.
        page.goto(depot)
        assert frame not in page.locator("main table").first.inner_text()
        page.goto(armoury)
        expected = page.locator("main table").first.inner_text()
        assert frame in expected and other in expected

        page.locator("input[name=counted_on]").fill("2025-03-01")
        page.locator("textarea[name=counted]").fill(f"{frame}\n{stray}\n")
        _submit(page)
        page.wait_for_url("**/registry/counts/*/")
        rows = page.locator("main table tbody tr")
        assert rows.count() == 2, page.locator("main table").inner_text()
        missing = page.locator("main table tbody tr", has_text=other)
        unexpected = page.locator("main table tbody tr", has_text=stray)
        assert missing.count() == 1 and unexpected.count() == 1
        assert missing.locator("input[name=discrepancy]").count() == 1  # can be confirmed lost
        assert unexpected.locator("select[name=resolution]").count() == 1  # can be resolved
        assert unexpected.get_by_role("link").count() == 1  # "register it"
        assert frame not in page.locator("main table tbody").inner_text()
        if language == "ar":
            for serial in (other, stray):
                cell = page.locator("main table tbody bdi", has_text=serial).first
                assert cell.get_attribute("dir") == "ltr"
                assert serial in _visual(page, cell), (serial, _visual(page, cell))
        page.screenshot(path=str(ARTIFACTS / f"stockpile-count-{language}.png"), full_page=True)
        assert not page.csp_errors
        browser.close()
