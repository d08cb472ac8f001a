"""A request's dates and texts are checked as the registry checks its own, on the page and in the
API alike: no date in the future, none in an impossible year, none before the weapon was made,
and no text beyond its declared length. Nothing is stored when refused."""

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation
from tests.tracing_fixtures import posted, registries, sent_request

from salw.core.testing import signed_in_client, token_client
from salw.states.models import State
from salw.tracing.models import TEXT_LIMIT, TracingRequest

pytestmark = pytest.mark.django_db

NEXT_YEAR = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
# Text pasted from a word processor: control characters, Cyrillic and Chinese, far too long.
PASTED = ("Изъято в порту\x0b 在港口查获 \x07" * 20_000)[: TEXT_LIMIT * 30]

CASES = [
    ({"found_on": NEXT_YEAR}, "found_on"),
    ({"found_on": "2099-01-01"}, "found_on"),
    ({"found_on": "0001-01-01"}, "found_on"),
    ({"found_on": "2003-05-01", "year_of_manufacture": 2004}, "found_on"),
    ({"year_of_manufacture": 1066}, "year_of_manufacture"),
    ({"found_circumstances": PASTED}, "found_circumstances"),
    ({"intended_use": PASTED}, "intended_use"),
]


@pytest.fixture(autouse=True)
def _registries() -> None:
    registries()


@pytest.mark.parametrize(("change", "field"), CASES)
def test_the_page_refuses_and_names_the_field(change: dict[str, Any], field: str) -> None:
    data = {**posted(), "requested_states": [State.objects.get(iso3="PER").pk], **change}
    page = signed_in_client("kenya.records").post(
        "/tracing/requests/new/", data, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert f'id="id_{field}"' in html and 'class="errorlist' in html
    assert not TracingRequest.objects.exists()


@pytest.mark.parametrize(("change", "field"), CASES)
def test_the_api_refuses_with_a_problem_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    body = {
        "requested_states": ["PER"],
        "illicit_grounds": ["transfer"],
        "how_found": "seized",
        "found_on": "2026-02-01",
        "serial_as_read": "123-456/B",
        "intended_use": "Investigation",
        **change,
    }
    answer = token_client("kenya.records").post("/api/tracing/requests/", body, format="json")
    assert answer.status_code == 400, answer.content[:300]
    assert field in answer.content.decode()
    assert not TracingRequest.objects.exists()


def test_a_found_date_after_manufacture_and_a_page_of_text_are_taken() -> None:
    body = {
        "requested_states": ["PER"],
        "illicit_grounds": ["transfer"],
        "how_found": "seized",
        "found_on": "2004-05-01",
        "year_of_manufacture": 2004,
        "serial_as_read": "123-456/B",
        "intended_use": "В" * TEXT_LIMIT,
    }
    answer = token_client("kenya.records").post("/api/tracing/requests/", body, format="json")
    assert answer.status_code == 201, answer.content[:300]


def test_a_message_longer_than_the_limit_is_refused_and_nothing_is_recorded() -> None:
    request = sent_request()
    events = request.events.count()
    page = signed_in_client("kenya.records").post(
        f"/tracing/requests/{request.pk}/message/", {"text": PASTED}
    )
    assert page.status_code == 400
    assert request.events.count() == events


def test_the_weapon_type_is_chosen_from_the_registry_list_and_read_in_each_language() -> None:
    body = {
        "requested_states": ["PER"],
        "illicit_grounds": ["transfer"],
        "how_found": "seized",
        "found_on": "2026-02-01",
        "serial_as_read": "123-456/B",
        "intended_use": "Investigation",
    }
    kenya = token_client("kenya.records")
    # A type the list does not name is refused, naming the allowed types in the reader's words.
    refused = kenya.post(
        "/api/tracing/requests/",
        {**body, "weapon_type": "燧发枪"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert refused.status_code == 400 and "weapon_type" in refused.content.decode()
    assert "“Pistola”" in refused.content.decode()
    assert not TracingRequest.objects.exists()
    form = signed_in_client("kenya.records").get("/tracing/requests/new/").content.decode()
    assert '<select name="weapon_type"' in form and 'value="assault_rifle"' in form
    # A type written in the words of one of the site's languages is taken as its code.
    made = kenya.post("/api/tracing/requests/", {**body, "weapon_type": "手枪"}, format="json")
    assert made.status_code == 201
    request = TracingRequest.objects.get()
    assert request.weapon_type == "pistol"
    with translation.override("es"):
        assert request.weapon_type_label() == "Pistola"
    with translation.override("zh-hans"):
        assert request.weapon_type_label() == "手枪"
