"""A request to two States and its answer, in a real Chromium, in Chinese and in Russian: Kenya's
tracing officer sends one request for a pistol read as K7?3O1 to Peru and to Belgium; Peru's
officer, reading the other language, answers by ticking what Peru releases; Kenya's officer is
told by e-mail (in the language they chose) and on the home page, and reads the answer there."""

import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site, server_errors
from tests.test_tracing_browser import _signed_in

pytestmark = pytest.mark.browser

PERU = {"zh-hans": "秘鲁", "ru": "Перу"}
BELGIUM = {"zh-hans": "比利时", "ru": "Бельгия"}
SEPARATOR = "-" * 79  # what Django's console e-mail backend writes after each message


@pytest.fixture(scope="module")
def site_and_var(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    var = tmp_path_factory.mktemp("tracing-answer-site")
    steps = [
        ["registry", "load-reference"],  # the lists the request's make is chosen from
        ["create-organisation", "--state", "BEL"],
        ["create-user", "belgium.tracing", "--organisation", "BEL", "--role", "tracing_officer",
         "--email", "belgium.tracing@example.org", "--language", "fr"],
    ]  # fmt: skip
    with served_site(var, steps) as address:
        yield address, var
    assert server_errors(var) == []


def sent_mails(var: Path) -> list[email.message.EmailMessage]:
    """The e-mails the site sent so far: its console mail backend writes them to its log."""
    log = (var / "server.log").read_text(encoding="utf-8", errors="replace")
    mails = []
    for chunk in log.split(SEPARATOR):
        start = chunk.find("Content-Type: ")
        if start >= 0:
            mails.append(email.message_from_string(chunk[start:], policy=email.policy.default))
    return mails


@pytest.mark.parametrize(("requester", "answerer"), [("zh-hans", "ru"), ("ru", "zh-hans")])
def test_two_states_asked_one_answers_by_ticking(
    site_and_var: tuple[str, Path], requester: str, answerer: str
) -> None:
    from playwright.sync_api import sync_playwright

    site, var = site_and_var
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        kenya = _signed_in(browser, site, "kenya.records")
        with kenya.expect_navigation():  # chosen on the page: the account keeps it for e-mails
            kenya.locator("select[name=language]").select_option(requester)
        kenya.goto("/tracing/requests/new/")
        assert kenya.locator("html").get_attribute("lang") == requester
        kenya.locator("#id_requested_states").select_option(
            label=[PERU[requester], BELGIUM[requester]]
        )
        kenya.locator('input[name="illicit_grounds"][value="unrecorded"]').check()
        kenya.locator("#id_how_found").select_option("seized")
        kenya.locator("#id_found_on").fill("2026-03-01")
        kenya.locator("#id_found_where").fill("Mombasa")
        kenya.locator("#id_weapon_type").select_option("pistol")
        kenya.locator("#id_make").select_option("FN Herstal")
        kenya.locator("#id_serial_as_read").fill("K7?3O1")
        kenya.locator("#id_markings-0-component").select_option("frame")
        kenya.locator("#id_markings-0-text").fill("FN HERSTAL K7?3O1")
        kenya.locator("#id_intended_use").fill("Prosecution of a trafficking case")
        kenya.locator("main form button[type=submit]:not([name])").last.click()
        kenya.wait_for_url("**/tracing/requests/*/")
        assert kenya.locator("#copies tbody tr").count() == 2
        kenya.locator("form[action$='/send/'] button").click()
        kenya.wait_for_load_state()
        copies = kenya.locator("#copies")
        peru_copy = copies.locator('tr[data-state="PER"] a').first.get_attribute("href")
        belgium_copy = copies.locator('tr[data-state="BEL"] a').first.get_attribute("href")
        assert peru_copy and belgium_copy and peru_copy != belgium_copy
        kenya.screenshot(
            path=str(ARTIFACTS / f"tracing-two-states-{requester}.png"), full_page=True
        )
        received = [m for m in sent_mails(var) if "belgium.tracing@example.org" in m["to"]]
        assert received and belgium_copy in received[-1].get_content()  # Belgium is told too

        peru = _signed_in(browser, site, "peru.records", language=answerer)
        peru.goto(peru_copy)
        assert peru.locator("html").get_attribute("lang") == answerer
        first = peru.locator("#candidates tbody tr").first
        assert "K7D301" in first.inner_text()
        first.locator("a[href*='answer']").click()
        peru.wait_for_url("**/answer/?weapon=*")
        boxes = peru.locator("#release input[type=checkbox]")
        assert boxes.count() >= 2 and boxes.first.get_attribute("value") == "marks"
        # Peru releases the confirmed weapon's serial and marks; the rest is unticked.
        for box in boxes.all():
            box.set_checked(box.get_attribute("value") == "marks")
        peru.locator("#id_text").fill("Arma registrada en Lima; ver los datos marcados.")
        peru.screenshot(
            path=str(ARTIFACTS / f"tracing-answer-ticks-{answerer}.png"), full_page=True
        )
        peru.locator("main form button[type=submit]").click()
        peru.wait_for_url("**" + peru_copy)

        # Kenya's officer is told by e-mail, in the language they chose, with the link ...
        told = [
            m
            for m in sent_mails(var)
            if "kenya.records@example.org" in m["to"] and PERU[requester] in m["subject"]
        ]
        assert len(told) == 1, [m["subject"] for m in sent_mails(var)]
        assert peru_copy in told[0].get_content()
        # ... and on the home page, which leads to the answer.
        kenya.goto("/dashboard/")
        news = kenya.locator("main a", has_text=PERU[requester])
        assert news.count() == 1, kenya.locator("main").inner_text()
        kenya.screenshot(path=str(ARTIFACTS / f"tracing-told-{requester}.png"), full_page=True)
        news.click()
        kenya.wait_for_url("**" + peru_copy)
        assert "Arma registrada en Lima" in kenya.locator(".timeline").inner_text()
        released = kenya.locator("table.released").inner_text()
        assert "K7D301" in released and released.count("\n") >= 1
        assert kenya.locator("table.released tr").count() == 1  # what was ticked, no more
        assert "Five-seveN" not in released  # the description was not released
        kenya.screenshot(
            path=str(ARTIFACTS / f"tracing-answer-read-{requester}.png"), full_page=True
        )
        kenya.goto("/dashboard/")  # read: the news leaves the home page
        assert kenya.locator("main a", has_text=PERU[requester]).count() == 0
        assert not kenya.csp_errors and not peru.csp_errors
        browser.close()
