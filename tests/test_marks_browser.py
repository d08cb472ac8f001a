"""Serials and record numbers read in the right order on Arabic pages, measured in Chromium.

Kenya's register holds a rifle with serial "123-456/B", record number "2026/0005-B" and calibre
"7.62×39 mm", imported from a ministry's file. Peru sends a tracing request for "123-456/B".
Kenya's officer, reading in Arabic, sees each of them on the weapon list, the weapon's page,
the match page, the request page and its candidates. The order checked is the VISUAL one: each
character's box on the screen, left to right, must spell the mark as it is written; without
isolation the bidirectional algorithm shows "B/123-456" and "B-2026/0005".
"""

import csv
from collections.abc import Iterator

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site
from tests.test_tracing_browser import _signed_in

pytestmark = pytest.mark.browser

SERIAL = "123-456/B"
RECORD_NUMBER = "2026/0005-B"
CALIBRE = "7.62×39 mm"

# The characters of an element in the order they appear on the screen, left to right (their
# boxes' centres; isolate controls and spaces have no box).
VISUAL_TEXT = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const boxes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0 && node.data[i].trim()) {
        boxes.push([box.top + box.height / 2, box.left + box.width / 2, node.data[i]]);
      }
    }
  }
  // One line at a time (top to bottom), each left to right.
  boxes.sort((a, b) => Math.abs(a[0] - b[0]) > 4 ? a[0] - b[0] : a[1] - b[1]);
  return boxes.map(b => b[2]).join("");
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("marks-site")
    register = var / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record number", "Type", "Serial No", "Make", "Model", "Calibre", "Year"])
        writer.writerow([RECORD_NUMBER, "assault_rifle", SERIAL, "Izhmash", "AKM", CALIBRE, "1978"])
    steps = [["registry", "import", str(register), "--as", "kenya.records"]]
    with served_site(var, steps) as address:
        yield address


def _visual(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(selector).first.evaluate(VISUAL_TEXT).replace(" ", "")


def _reads(page, selector: str, *marks: str) -> None:  # type: ignore[no-untyped-def]
    shown = _visual(page, selector)
    for mark in marks:
        assert mark.replace(" ", "") in shown, f"{selector}: {mark!r} shown as {shown!r}"


def test_marks_keep_their_order_on_arabic_pages(site: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        peru = _signed_in(browser, site, "peru.records", language="en")
        peru.goto("/tracing/requests/new/")
        peru.locator("#id_requested_states").select_option(label="Kenya")
        peru.locator('input[name="illicit_grounds"][value="unrecorded"]').check()
        peru.locator("#id_how_found").select_option("seized")
        peru.locator("#id_found_on").fill("2026-03-01")
        peru.locator("#id_found_where").fill("Callao")
        peru.locator("#id_serial_as_read").fill(SERIAL)
        peru.locator("#id_calibre").select_option("other")  # not among this site's lists
        peru.locator("#id_calibre_other").fill(CALIBRE)
        peru.locator("#id_markings-0-component").select_option("receiver")
        peru.locator("#id_markings-0-text").fill(SERIAL)
        peru.locator("#id_intended_use").fill("Criminal investigation")
        peru.locator("main form button[type=submit]:not([name])").last.click()
        peru.wait_for_url("**/tracing/requests/*/")
        request_url = peru.url
        peru.locator("form[action$='/send/'] button").click()
        peru.wait_for_load_state()

        kenya = _signed_in(browser, site, "kenya.records", language="ar")
        kenya.goto("/registry/weapons/?marking=" + SERIAL)
        assert kenya.locator("html").get_attribute("dir") == "rtl"
        row = "main table tbody tr"
        _reads(kenya, f"{row} td:nth-child(2)", RECORD_NUMBER)
        _reads(kenya, f"{row} td:nth-child(3)", SERIAL)
        _reads(kenya, f"{row} td:nth-child(7)", CALIBRE)
        kenya.screenshot(path=str(ARTIFACTS / "marks-weapon-list-ar.png"), full_page=True)

        kenya.locator(f"{row} th a").first.click()
        kenya.wait_for_url("**/registry/weapons/*/")
        _reads(kenya, "dl.facts", RECORD_NUMBER, CALIBRE)
        _reads(kenya, "main table tbody tr th", SERIAL)  # the mark as read
        _reads(kenya, "main table tbody tr td:nth-child(5)", SERIAL)  # its serial
        kenya.screenshot(path=str(ARTIFACTS / "marks-weapon-ar.png"), full_page=True)

        kenya.goto("/tracing/match/?serial=123-456%2F8")  # B read as 8 off worn metal
        _reads(kenya, "main table tbody tr td:nth-child(2)", SERIAL)
        why = kenya.locator("main table tbody tr td:nth-child(4)").inner_text()
        assert "\u20668\u2069" in why and "\u2066B\u2069" in why  # read 8, on record B, in words

        kenya.goto(request_url)
        _reads(kenya, "#weapon-heading + dl", SERIAL, CALIBRE)
        _reads(kenya, "#candidates tbody tr td:nth-child(2)", SERIAL)
        reference = kenya.locator("h1 bdi").inner_text()
        _reads(kenya, "h1", reference)
        kenya.screenshot(path=str(ARTIFACTS / "marks-request-ar.png"), full_page=True)
        assert not kenya.csp_errors and not peru.csp_errors
        browser.close()
