"""The team pages and API, checked by the inherited permission tests."""

import pytest
from django.test import Client

from salw.accounts.models import User
from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)

pytestmark = pytest.mark.django_db


def _member_id(username: str) -> int:
    return User.objects.get(username=username).pk


class TestMemberPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/account/team/{_member_id('kenya.records')}/"


class TestTeamPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"

    def url(self) -> str:
        return "/account/team/"


class TestMemberApi(ApiPermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/api/users/{_member_id('kenya.records')}/"


class TestTeamApi(ApiPermissionTests):
    owner = "peru.focal"
    wrong_role = "peru.records"

    def url(self) -> str:
        return "/api/users/"


class TestMeApi(ApiPermissionTests):
    owner = "donor"

    def url(self) -> str:
        return "/api/users/me/"


def test_team_list_shows_only_the_own_state() -> None:
    page = signed_in_client("kenya.focal").get("/account/team/").content.decode()
    assert "kenya.records" in page and "peru.records" not in page
    listed = token_client("peru.focal").get("/api/users/").json()["results"]
    assert {row["username"] for row in listed} == {"peru.focal", "peru.records"}
    assert {row["state"] for row in listed} == {"PER"}


def test_missing_and_foreign_objects_answer_alike() -> None:
    client = token_client("peru.focal")
    foreign = client.get(f"/api/users/{_member_id('kenya.records')}/")
    missing = client.get("/api/users/999999/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail"] == missing.json()["detail"]


def test_focal_point_cannot_change_roles_in_another_state() -> None:
    kenya_records = User.objects.get(username="kenya.records")
    response = signed_in_client("peru.focal").post(
        f"/account/team/{kenya_records.pk}/", {"roles": []}
    )
    assert response.status_code == 404
    assert User.objects.get(pk=kenya_records.pk).roles == {"record_keeper", "tracing_officer"}


def test_a_role_must_fit_the_organisation() -> None:
    kenya_records = User.objects.get(username="kenya.records")
    response = signed_in_client("kenya.focal").post(
        f"/account/team/{kenya_records.pk}/", {"roles": ["secretariat_analyst"]}
    )
    assert response.status_code == 400
    assert User.objects.get(pk=kenya_records.pk).roles == {"record_keeper", "tracing_officer"}


def test_administrator_sees_every_organisation() -> None:
    listed = token_client("admin").get("/api/users/", {"limit": 100}).json()
    assert listed["count"] == User.objects.count()


def test_dashboard_shows_each_role_its_tasks() -> None:
    focal = signed_in_client("kenya.focal").get("/dashboard/").content.decode()
    assert "Your State&#x27;s team" in focal
    analyst = signed_in_client("analyst").get("/dashboard/").content.decode()
    assert "States and regions" in analyst and "Your State" not in analyst
    assert Client().get("/dashboard/").status_code == 302


@pytest.mark.parametrize(
    ("username", "areas"),
    [
        ("analyst", ["/reports/status/", "/reports/public/"]),
        ("kenya.focal", ["/reports/"]),
        ("kenya.records", ["/registry/", "/registry/imports/", "/tracing/requests/"]),
    ],
)
def test_each_role_finds_the_home_of_its_areas_on_its_tasks(username: str, areas: list) -> None:
    """The reporting status, the registry's home (sites, diversions, records due for review)
    and its imports were pages only those who knew their address could open."""
    client = signed_in_client(username)
    page = client.get("/dashboard/").content.decode()
    for area in areas:
        assert f'href="{area}"' in page, area
        assert client.get(area).status_code == 200, area
