"""The match page, API and command: own registry only, ranked with reasons."""

import json

import pytest
from django.core.management import call_command

from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.registry.services.loading import load_reference
from salw.registry.testing import pistol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registries() -> None:
    load_reference()
    pistol(serial="K7D301")
    pistol(serial="K7D307")
    pistol(username="peru.records", serial="K7D301")


class TestMatchPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return "/tracing/match/?serial=K7%3F3O1&manufacturer=FN+Herstal"


class TestMatchApi(ApiPermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return "/api/tracing/match/"

    def test_owner_is_answered(self) -> None:
        response = token_client(self.owner).post(self.url(), {"serial": "K7?3O1"})
        assert response.status_code == 200

    def test_wrong_role_is_refused(self) -> None:
        response = token_client(self.wrong_role).post(self.url(), {"serial": "K7?3O1"})
        assert response.status_code == 403


def test_page_ranks_the_right_weapon_first_with_reasons() -> None:
    page = signed_in_client("kenya.records").get(
        "/tracing/match/", {"serial": "K7?3O1", "manufacturer": "FN Herstal"}
    )
    body = page.content.decode()
    assert "1 candidate" in body  # the frame and the slide of one weapon: listed once
    assert "unreadable at 3" in body and "manufacturer agrees" in body


def test_api_answers_from_the_callers_registry_only() -> None:
    kenya = token_client("kenya.records").post("/api/tracing/match/", {"serial": "K7D301"}).json()
    peru = token_client("peru.records").post("/api/tracing/match/", {"serial": "K7D301"}).json()
    assert kenya[0]["serial_on_record"] == peru[0]["serial_on_record"] == "K7D301"
    assert kenya[0]["weapon"] != peru[0]["weapon"]
    assert kenya[0]["score"] == 100 and kenya[0]["differences"] == []


def test_an_empty_reading_is_refused_naming_the_field() -> None:
    response = token_client("kenya.records").post("/api/tracing/match/", {"serial": "???"})
    assert response.status_code == 400
    assert "serial" in response.json()["errors"]
    page = signed_in_client("kenya.records").get("/tracing/match/", {"serial": "--"})
    assert page.status_code == 400 and "id_serial" in page.content.decode()


def test_command_prints_ranked_candidates(capsys: pytest.CaptureFixture) -> None:
    call_command("tracing", "match", "--state", "KE", "--serial", "K7?3O1", "--make", "FN Herstal")
    lines = capsys.readouterr().out.splitlines()
    assert "K7D301" in lines[0] and "score" in lines[0]
    call_command("tracing", "match", "--state", "KEN", "--serial", "K7D3O1", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data[0]["differences"][0]["kind"] == "confusion"


def test_page_api_and_command_say_when_more_weapons_fit_as_well(
    capsys: pytest.CaptureFixture,
) -> None:
    for n in range(12):
        pistol(serial=f"T{n:02d}4422")  # twelve serials ending in 4422: one more than ten fits
    page = signed_in_client("kenya.records").get("/tracing/match/", {"serial": "4422"})
    assert "2 more weapons fit this reading exactly as well" in page.content.decode()
    response = token_client("kenya.records").post("/api/tracing/match/", {"serial": "4422"})
    assert len(response.json()) == 10 and response["Salw-Also-Fitting"] == "2"
    call_command("tracing", "match", "--state", "KE", "--serial", "4422")
    assert "2 more weapons fit this reading" in capsys.readouterr().out


def test_a_missing_leading_part_is_told_as_one_run() -> None:
    page = signed_in_client("kenya.records").get("/tracing/match/", {"serial": "301"})
    reason = (
        "leading part missing at \u20661–3\u2069 (read \u2066·\u2069, on record \u2066K7D\u2069)"
    )
    assert reason in page.content.decode()
