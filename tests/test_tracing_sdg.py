"""SDG 16.4.2 from records: arms seized, found or surrendered, and origins established."""

import datetime

import pytest
from tests.tracing_fixtures import content, kenya_request, registries, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.models import Weapon
from salw.registry.services.events import record_event
from salw.states.models import State
from salw.tracing.sdg import CSV_COLUMNS, indicator
from salw.tracing.services import close_with_feedback, draft_request, send_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seizures() -> None:
    registries()
    kenya = user("kenya.records")
    for weapon in Weapon.objects.filter(state__iso3="KEN"):
        record_event(weapon, "seized", actor=kenya, date=datetime.date(2026, 3, 1))
    request = kenya_request()  # found_on 2026-03-01
    send_request(request, actor=kenya)
    close_with_feedback(request, actor=kenya, diversion_established=True, where="Lima")


class TestSdgPage(PagePermissionTests):
    owner = "analyst"
    wrong_role = "donor"

    def url(self) -> str:
        return "/tracing/sdg-16-4-2/"


class TestSdgYearPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return "/tracing/sdg-16-4-2/2026/"


def test_indicator_counts_seizures_and_established_origins() -> None:
    [row] = [r for r in indicator() if r.state.iso3 == "KEN"]
    assert (row.year, row.seized, row.established) == (2026, 1, 1)
    assert row.percentage == 100.0
    assert not [r for r in indicator(user("peru.records").state_id) if r.state.iso3 == "KEN"]


def test_csv_for_the_questionnaire() -> None:
    response = signed_in_client("analyst").get("/tracing/sdg-16-4-2/?format=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert "KEN,2026,1,0,0,1,1,100.0" in lines


def test_a_state_drills_down_to_its_own_records_only() -> None:
    kenya = signed_in_client("kenya.records").get("/tracing/sdg-16-4-2/2026/").content.decode()
    assert "Five-seveN" in kenya and "KEN-2026-" in kenya
    peru = signed_in_client("peru.records").get("/tracing/sdg-16-4-2/2026/").content.decode()
    assert "KEN-2026-" not in peru


def test_years_are_not_grouped_like_numbers_in_spanish() -> None:
    page = signed_in_client("peru.records").get("/tracing/sdg-16-4-2/2026/").content.decode()
    assert "2026" in page and "2\xa0026" not in page


def test_seizures_stated_on_requests_count_and_the_share_never_passes_100() -> None:
    # Kenya seized a foreign weapon it did not register, traced it with Peru and Belgium (one
    # weapon, two copies) and learnt its origin: one seized weapon, one origin established.
    kenya = user("kenya.records")
    [to_peru, to_belgium] = draft_request(
        content(found_on=datetime.date(2025, 6, 1), how_found="surrendered"),
        requested_states=list(State.objects.filter(iso3__in=["PER", "BEL"])),
        actor=kenya,
    )
    for copy in (to_peru, to_belgium):
        send_request(copy, actor=kenya)
    close_with_feedback(to_peru, actor=kenya, diversion_established=True, where="Lima")
    [row] = [r for r in indicator() if r.state.iso3 == "KEN" and r.year == 2025]
    assert (row.surrendered, row.total, row.established) == (1, 1, 1)
    for every in indicator():
        assert every.established <= every.total
        assert every.percentage is None or every.percentage <= 100
