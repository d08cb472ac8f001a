"""Answers without JSON: the answering officer ticks what is released from the confirmed
weapon's record; the requesting officer reads it as a labelled table in their language."""

import pytest
from django.utils.html import escape
from tests.tracing_fixtures import registries, sent_request

from salw.core.testing import signed_in_client
from salw.registry.models import Weapon
from salw.tracing.models import TracingEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def peru_weapon() -> Weapon:
    return registries()


def _answer_url(request_pk: int, weapon: object = "") -> str:
    return f"/tracing/requests/{request_pk}/answer/" + (f"?weapon={weapon}" if weapon else "")


def test_only_the_ticked_items_are_released_and_read_as_a_table(peru_weapon: Weapon) -> None:
    request = sent_request()
    peru = signed_in_client("peru.records")
    answered = peru.post(
        _answer_url(request.pk),
        {"kind": "partial", "weapon": peru_weapon.pk, "release": ["marks", "weapon"]},
    )
    assert answered.status_code == 302
    event = TracingEvent.objects.get(request=request, step="answered")
    assert list(event.released) == ["marks", "weapon"]  # not the holder nor the history
    assert event.released["weapon"]["manufacturer"] == "FN Herstal"

    tables = {}
    for language in ("ru", "zh-hans"):
        page = signed_in_client("kenya.records").get(
            f"/tracing/requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE=language
        )
        html = page.content.decode()
        tables[language] = html.split('<table class="released">')[1].split("</table>")[0]
    assert "Серийный номер и маркировка" in tables["ru"] and "Пистолет" in tables["ru"]
    assert "已确认武器的序列号和标记" in tables["zh-hans"] and "手枪" in tables["zh-hans"]
    for table in tables.values():
        assert '<bdi dir="ltr">K7D301</bdi>' in table  # the serial, isolated
        assert "{" not in table and "'" not in table and "pistol" not in table  # no dump


def test_an_item_the_record_does_not_offer_is_refused(peru_weapon: Weapon) -> None:
    request = sent_request()
    refused = signed_in_client("peru.records").post(
        _answer_url(request.pk),
        {"kind": "full", "weapon": peru_weapon.pk, "release": ["marks", "bank_account"]},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert refused.status_code == 400
    assert not TracingEvent.objects.filter(request=request, step="answered").exists()
    assert 'id="release"' in refused.content.decode()  # the ticks are shown again


@pytest.mark.parametrize("weapon", ["abc", "1.5", "-1", "%00", "٣"])
def test_a_hand_edited_weapon_in_the_link_is_not_found_rather_than_a_server_error(
    peru_weapon: Weapon, weapon: str
) -> None:
    request = sent_request()
    peru = signed_in_client("peru.records")
    # A NUL anywhere in an address is refused before any view (the site's 400 page).
    assert peru.get(_answer_url(request.pk, weapon)).status_code == (
        400 if weapon == "%00" else 404
    )
    posted = peru.post(_answer_url(request.pk), {"kind": "full", "weapon": weapon})
    assert posted.status_code == 404


def test_an_answer_without_a_confirmed_weapon_offers_no_item(peru_weapon: Weapon) -> None:
    request = sent_request()
    page = signed_in_client("peru.records").get(_answer_url(request.pk))
    assert page.status_code == 200 and 'id="release"' not in page.content.decode()
    assert escape("Information released (JSON)") not in page.content.decode()
