"""SDG 16.4.2 through the API and the command line: the page's rows and visibility."""

import datetime

import pytest
from django.core.management import call_command
from tests.tracing_fixtures import kenya_request, registries, user

from salw.core.testing import ApiPermissionTests, token_client
from salw.registry.models import Weapon
from salw.registry.services.events import record_event
from salw.tracing.sdg import CSV_COLUMNS
from salw.tracing.services import close_with_feedback, send_request

pytestmark = pytest.mark.django_db

URL = "/api/tracing/sdg-16-4-2/"
KENYA_2026 = {
    "country_iso3": "KEN",
    "year": 2026,
    "arms_seized": 1,
    "arms_found": 0,
    "arms_surrendered": 0,
    "arms_seized_found_surrendered_total": 1,
    "arms_illicit_origin_established": 1,
    "sdg_16_4_2_percentage": 100.0,
}


@pytest.fixture(autouse=True)
def seizures() -> None:
    """Kenya seized its pistol in 2026 and traced a weapon to Lima; Peru found one in 2025."""
    registries()
    kenya = user("kenya.records")
    for weapon in Weapon.objects.filter(state__iso3="KEN"):
        record_event(weapon, "seized", actor=kenya, date=datetime.date(2026, 3, 1))
    peru_weapon = Weapon.objects.filter(state__iso3="PER").first()
    record_event(peru_weapon, "found", actor=user("peru.records"), date=datetime.date(2025, 6, 1))
    request = kenya_request()  # found_on 2026-03-01
    send_request(request, actor=kenya)
    close_with_feedback(request, actor=kenya, diversion_established=True, where="Lima")


class TestSdgApiForTheSecretariat(ApiPermissionTests):
    owner = "analyst"
    wrong_role = "donor"

    def url(self) -> str:
        return URL


class TestSdgApiForAState(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return URL


def rows(username: str, query: str = "") -> list[dict]:
    response = token_client(username).get(URL + query)
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_secretariat_sees_every_state_and_filters() -> None:
    everything = rows("analyst")
    assert KENYA_2026 in everything
    assert {(r["country_iso3"], r["year"]) for r in everything} == {("KEN", 2026), ("PER", 2025)}
    assert rows("analyst", "?state=KE") == [KENYA_2026]
    assert rows("analyst", "?state=per&year=2026") == []
    assert [r["country_iso3"] for r in rows("admin", "?year=2025")] == ["PER"]


def test_a_state_sees_its_own_rows_only() -> None:
    assert rows("kenya.records") == [KENYA_2026]
    assert rows("kenya.records", "?state=PER") == []
    [peru] = rows("peru.records")
    assert peru["country_iso3"] == "PER" and peru["sdg_16_4_2_percentage"] == 0.0


def test_bad_filters_are_refused() -> None:
    unknown = token_client("analyst").get(URL + "?state=XX")
    assert unknown.status_code == 400 and "state" in unknown.json()["errors"]
    assert token_client("analyst").get(URL + "?year=last").status_code == 400


def test_sdg_from_the_command_line(capsys: pytest.CaptureFixture) -> None:
    call_command("tracing", "sdg", "--year", "2026")
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("State  Year") and len(table) == 2
    assert table[1].split() == ["KEN", "2026", "1", "0", "0", "1", "1", "100.0"]
    call_command("tracing", "sdg", "--state", "PE", "--csv")
    assert capsys.readouterr().out.splitlines() == [",".join(CSV_COLUMNS), "PER,2025,0,1,0,1,0,0.0"]
    call_command("tracing", "sdg", "--user", "kenya.records", "--state", "PE")
    assert capsys.readouterr().out.strip() == "No seizure, find or surrender recorded."
