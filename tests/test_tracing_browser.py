"""The issue's end-to-end check in a real Chromium: Kenya asks Peru to trace a pistol read as
K7?3O1 (make FN Herstal), one row per marking, adds a row to the draft without JavaScript
and sends it; Peru sees its K7D301 first among the candidates, confirms it and answers from its
record; Kenya closes the request with feedback."""

from collections.abc import Iterator

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reference = [["registry", "load-reference"]]  # the lists the request's make is chosen from
    with served_site(tmp_path_factory.mktemp("tracing-site"), reference) as address:
        yield address


def _signed_in(browser, site: str, username: str, language: str = ""):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site)
    if language:  # chosen in this browser only: the account's language stays as it was
        context.add_cookies([{"name": "django_language", "value": language, "url": site}])
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


def test_kenya_traces_a_pistol_with_peru(site: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        kenya = _signed_in(browser, site, "kenya.records")
        kenya.goto("/tracing/requests/new/")
        kenya.locator("#id_requested_states").select_option(label="Peru")
        kenya.locator('input[name="illicit_grounds"][value="unrecorded"]').check()
        kenya.locator("#id_how_found").select_option("seized")
        kenya.locator("#id_found_on").fill("2026-03-01")
        kenya.locator("#id_found_where").fill("Mombasa")
        kenya.locator("#id_make").select_option("FN Herstal")
        kenya.locator("#id_serial_as_read").fill("K7?3O1")
        kenya.locator("#id_markings-0-component").select_option("frame")
        kenya.locator("#id_markings-0-text").fill("FN HERSTAL K7?3O1")
        kenya.locator("#id_markings-0-partly_legible").check()
        kenya.locator("#id_intended_use").fill("Prosecution of a trafficking case")
        kenya.locator("main form button[type=submit]:not([name])").last.click()
        kenya.wait_for_url("**/tracing/requests/*/")
        request_url = kenya.url

        # The draft is edited: one marking and three blank rows; three more rows come without
        # JavaScript, and the first of them has the focus.
        kenya.get_by_role("link", name="Edit the draft").click()
        kenya.wait_for_url("**/edit/")
        for number, (component, text) in enumerate([("slide", "K7?3O1"), ("barrel", "5.7x28")], 1):
            kenya.locator(f"#id_markings-{number}-component").select_option(component)
            kenya.locator(f"#id_markings-{number}-text").fill(text)
        kenya.locator("button[name=more_rows]").click()
        kenya.wait_for_load_state()
        assert kenya.locator("#id_markings-6-component").is_visible()
        assert kenya.locator("#id_markings-4-component").evaluate(
            "e => e === document.activeElement"
        )
        assert kenya.locator("#id_markings-1-text").input_value() == "K7?3O1"
        kenya.locator("#id_markings-4-component").select_option("frame")
        kenya.locator("#id_markings-4-text").fill("ПТ 1993")
        kenya.locator("#id_markings-4-obliterated").check()
        kenya.screenshot(path=str(ARTIFACTS / "tracing-draft-edit-en.png"), full_page=True)
        arabic = _signed_in(browser, site, "kenya.records", language="ar")
        arabic.goto(kenya.url)
        assert arabic.locator("html").get_attribute("dir") == "rtl"
        arabic.screenshot(path=str(ARTIFACTS / "tracing-draft-edit-ar.png"), full_page=True)
        arabic.goto("/tracing/requests/new/")
        arabic.screenshot(path=str(ARTIFACTS / "tracing-request-new-ar.png"), full_page=True)
        arabic.context.close()
        kenya.locator("#id_model").press("Enter")  # Enter saves; it does not add rows
        kenya.wait_for_url(request_url)
        markings = kenya.locator("#weapon-heading + dl").inner_text()
        assert "Slide: K7?3O1" in markings and "Frame: ПТ 1993 (obliterated)" in markings
        kenya.locator("form[action$='/send/'] button").click()
        kenya.wait_for_load_state()

        peru = _signed_in(browser, site, "peru.records")
        peru.goto(request_url)
        first = peru.locator("#candidates tbody tr").first
        assert "K7D301" in first.inner_text()
        peru.screenshot(path=str(ARTIFACTS / "tracing-candidates.png"), full_page=True)
        first.locator("a[href*='answer']").click()
        peru.wait_for_url("**/answer/?weapon=*")
        # Each item of the record is ticked to be released, the serial and marks first.
        assert peru.locator("#release input[type=checkbox]").first.get_attribute("value") == "marks"
        assert peru.locator("#release-marks").is_checked()
        if peru.locator("#release-history").count():
            peru.locator("#release-history").uncheck()
        peru.locator("#id_text").fill("Ver el registro adjunto.")
        peru.locator("main form button[type=submit]").click()
        peru.wait_for_url(request_url)

        kenya.goto(request_url)
        kenya.locator("#id_close_diversion_established").select_option("true")
        kenya.locator("#id_close_where").fill("Lima")
        kenya.locator("#id_close_how").fill("Theft from a police store")
        kenya.locator("form[action$='/close/'] button").click()
        kenya.wait_for_url(request_url)
        timeline = kenya.locator(".timeline").inner_text()
        assert "Closed with feedback" in timeline and "Ver el registro adjunto." in timeline
        released = kenya.locator("table.released").inner_text()
        assert "Serial and marks of the confirmed weapon" in released and "K7D301" in released
        assert "History" not in released
        assert not kenya.csp_errors and not peru.csp_errors

        outsider = _signed_in(browser, site, "kenya.focal")
        response = outsider.goto(request_url)
        assert response is not None and response.status in (403, 404)
        browser.close()


def test_the_send_step_names_a_state_nobody_receives_for_in_arabic(site: str) -> None:
    """A request to Peru and to Belgium, whose officers are not on this site: the send step
    names Belgium before sending, with the exchange document and the secretariat; Send records
    Belgium's copy as sent by exchange document and offers the document."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        kenya = _signed_in(browser, site, "kenya.records")
        kenya.goto("/tracing/requests/new/")
        kenya.locator("#id_requested_states").select_option(label=["Peru", "Belgium"])
        kenya.locator('input[name="illicit_grounds"][value="transfer"]').check()
        kenya.locator("#id_how_found").select_option("seized")
        kenya.locator("#id_found_on").fill("2026-03-02")
        kenya.locator("#id_weapon_type").select_option("rifle")
        kenya.locator("#id_make").select_option("FN Herstal")
        kenya.locator("#id_calibre").select_option("7.62×51 mm")
        kenya.locator("#id_serial_as_read").fill("PE1977-0412")
        kenya.locator("#id_intended_use").fill("Prosecution of a trafficking case")
        kenya.locator("main form button[type=submit]:not([name])").last.click()
        kenya.wait_for_url("**/tracing/requests/*/")
        request_url = kenya.url
        kenya.context.close()

        arabic = _signed_in(browser, site, "kenya.records", language="ar")
        arabic.goto(request_url)
        assert arabic.locator("html").get_attribute("dir") == "rtl"
        belgium = arabic.locator('#copies tr[data-state="BEL"]')
        peru = arabic.locator('#copies tr[data-state="PER"]')
        assert belgium.locator(".badge").count() == 1 and peru.locator(".badge").count() == 0
        warning = arabic.locator(".message.warning").inner_text()
        assert "بلجيكا" in warning and "الأمانة" in warning and "وثيقة تبادل" in warning
        arabic.screenshot(path=str(ARTIFACTS / "tracing-send-step-ar.png"), full_page=True)
        arabic.locator("form[action$='/send/'] button").click()
        arabic.wait_for_load_state()
        notices = arabic.locator(".messages").inner_text()
        assert "بلجيكا" in notices and "بيرو" in notices
        assert belgium.locator("a[href$='/exchange.json']").count() == 1
        arabic.screenshot(path=str(ARTIFACTS / "tracing-sent-ar.png"), full_page=True)
        assert not arabic.csp_errors
        browser.close()
