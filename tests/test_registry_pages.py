"""Registry pages and API under the permission layer (inherited tests), and query counts."""

import pytest
from django.test import Client

from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.registry.choices import EventKind, WeaponStatus
from salw.registry.models import Weapon, WeaponEvent
from salw.registry.services.loading import load_reference
from salw.registry.testing import pistol

pytestmark = pytest.mark.django_db


def _kenyan_weapon() -> int:
    return pistol().pk


class TestRegistryHome(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "analyst"  # the secretariat does not see registries

    def url(self) -> str:
        return "/registry/"


class TestWeaponSearchPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return "/registry/weapons/?marking=KE1001"


class TestWeaponPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/weapons/{_kenyan_weapon()}/"


class TestWeaponExport(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "analyst"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/weapons/{_kenyan_weapon()}/record.json"


class TestEventForm(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/weapons/{_kenyan_weapon()}/events/new/"


class TestRegisterForm(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "analyst"

    def url(self) -> str:
        return "/registry/weapons/new/"


class TestWeaponApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "analyst"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/api/registry/weapons/{_kenyan_weapon()}/"


class TestWeaponHistoryApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/api/registry/weapons/{_kenyan_weapon()}/history/"


class TestWeaponListApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "admin"

    def url(self) -> str:
        return "/api/registry/weapons/"


class TestMarkingSearchApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "analyst"

    def url(self) -> str:
        return "/api/registry/markings/?q=KE1001"


class TestManufacturersApi(ApiPermissionTests):
    owner = "analyst"  # reference data: every signed-in user

    def url(self) -> str:
        return "/api/registry/manufacturers/?q=FN"


def test_another_states_weapons_are_not_listed() -> None:
    pistol()
    assert token_client("peru.records").get("/api/registry/weapons/").json()["count"] == 0
    page = signed_in_client("peru.records").get("/registry/weapons/").content.decode()
    assert "Five-seveN" not in page


def test_register_a_weapon_on_the_page_then_record_an_event() -> None:
    client = signed_in_client("kenya.records")
    response = client.post(
        "/registry/weapons/new/",
        {
            "weapon_type": "rifle",
            "manufacturer": "Heckler und Koch",
            "model": "G3",
            "calibre": "7.62 NATO",
            "reference_kind": "receiver",
            "mark_kind": "manufacture",
            "text_as_read": "HK G3 A3 12-34567",
            "serial": "12-34567",
            "material": "metal",
        },
    )
    assert response.status_code == 302
    weapon = Weapon.objects.get(model_text="G3")
    response = client.post(
        f"/registry/weapons/{weapon.pk}/events/new/",
        {"kind": "stolen", "date": "2025-01-02", "place": "Mombasa"},
    )
    assert response.status_code == 302
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.STOLEN
    detail = client.get(f"/registry/weapons/{weapon.pk}/").content.decode()
    assert "Mombasa" in detail and "12-34567" in detail


def test_a_bad_event_is_refused_on_the_field() -> None:
    weapon = pistol()
    response = signed_in_client("kenya.records").post(
        f"/registry/weapons/{weapon.pk}/events/new/", {"kind": "destroyed", "date": "2025-01-02"}
    )
    assert response.status_code == 400
    assert "Say how the weapon was destroyed." in response.content.decode()
    assert not WeaponEvent.objects.filter(weapon=weapon).exists()


def test_a_tracing_officer_only_reads() -> None:
    weapon = pistol()
    from salw.accounts.models import RoleGrant, User

    reader = User.objects.get(username="kenya.records")
    RoleGrant.objects.filter(user=reader, role="record_keeper").delete()
    client = signed_in_client("kenya.records")
    assert client.get(f"/registry/weapons/{weapon.pk}/").status_code == 200
    assert client.get(f"/registry/weapons/{weapon.pk}/events/new/").status_code == 403
    api = token_client("kenya.records")
    posted = api.post(
        f"/api/registry/weapons/{weapon.pk}/history/", {"kind": "found", "date": "2025-01-01"}
    )
    assert posted.status_code == 403


def test_api_registers_searches_and_records() -> None:
    load_reference()
    api = token_client("kenya.records")
    body = {
        "weapon_type": "pistol",
        "manufacturer": "Glock Ges.m.b.H.",
        "model": "Glock 17",
        "calibre": "9 mm Parabellum",
        "components": [
            {
                "kind": "frame",
                "is_reference": True,
                "markings": [{"kind": "manufacture", "text_as_read": "GLOCK AUT XYZ 789"}],
            }
        ],
    }
    created = api.post("/api/registry/weapons/", body, format="json")
    assert created.status_code == 201, created.json()
    weapon_id = created.json()["id"]
    assert created.json()["manufacturer"] == "Glock"
    assert created.json()["calibre"] == "9×19 mm"
    listed = api.get("/api/registry/weapons/", {"marking": "glock aut*", "calibre": "9x19"}).json()
    assert [row["id"] for row in listed["results"]] == [weapon_id]
    recorded = api.post(
        f"/api/registry/weapons/{weapon_id}/history/",
        {"kind": "lost", "date": "2025-02-01"},
        format="json",
    )
    assert recorded.status_code == 201
    assert api.get(f"/api/registry/weapons/{weapon_id}/").json()["status"] == "lost"
    refused = api.post(
        f"/api/registry/weapons/{weapon_id}/history/",
        {"kind": "destroyed", "date": "2025-02-01"},
        format="json",
    )
    assert refused.status_code == 400
    hits = api.get("/api/registry/markings/", {"q": "*XYZ789"}).json()
    assert hits[0]["weapon"] == weapon_id


def test_the_json_export_holds_the_history() -> None:
    weapon = pistol()
    from salw.registry.services import record_event
    from salw.registry.testing import TODAY, user

    record_event(weapon, EventKind.FOUND, actor=user("kenya.records"), date=TODAY)
    record = signed_in_client("kenya.records").get(f"/registry/weapons/{weapon.pk}/record.json")
    data = record.json()
    assert data["weapon"]["id"] == weapon.pk
    assert [e["kind"] for e in data["history"]] == ["found"]
    assert len(data["components"]) == 2


def test_list_pages_and_endpoints_keep_their_query_counts(
    django_assert_max_num_queries: object,
) -> None:
    for number in range(12):
        pistol(serial=f"Q-{number}")
    client = signed_in_client("kenya.records")
    api = token_client("kenya.records")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/registry/weapons/?marking=Q*").status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert api.get("/api/registry/weapons/").status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/registry/").status_code == 200
    weapon = Weapon.objects.filter(state__iso3="KEN").first()
    # Two more than before: the State and its name in the reader's language, which head the
    # record on the page and on every page of its PDF (one context for both).
    with django_assert_max_num_queries(18):  # type: ignore[operator]
        assert client.get(f"/registry/weapons/{weapon.pk}/").status_code == 200


def test_anonymous_cannot_post() -> None:
    assert Client().post("/registry/weapons/new/", {}).status_code == 302


def test_api_moves_a_component_and_corrects_an_event() -> None:
    from salw.registry.choices import ComponentKind

    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    api = token_client("kenya.records")
    moved = api.post(
        f"/api/registry/weapons/{a.pk}/move-component/",
        {"component": slide.pk, "to_weapon": b.pk, "date": "2025-03-01"},
        format="json",
    )
    assert moved.status_code == 201, moved.json()
    assert moved.json()["from_weapon"] == a.pk and moved.json()["weapon"] == b.pk
    history_a = api.get(f"/api/registry/weapons/{a.pk}/history/").json()
    assert [e["kind"] for e in history_a] == ["component_moved"]
    lost = api.post(
        f"/api/registry/weapons/{a.pk}/history/",
        {"kind": "lost", "date": "2025-03-02"},
        format="json",
    ).json()
    corrected = api.post(
        f"/api/registry/weapons/{a.pk}/history/{lost['id']}/correct/",
        {"reason": "It was stolen", "kind": "stolen"},
        format="json",
    )
    assert corrected.status_code == 201 and corrected.json()["corrects"] == lost["id"]
    assert api.get(f"/api/registry/weapons/{a.pk}/").json()["status"] == "stolen"
    foreign = token_client("peru.records").post(
        f"/api/registry/weapons/{a.pk}/history/{lost['id']}/correct/",
        {"reason": "x", "withdraw": True},
        format="json",
    )
    assert foreign.status_code == 404
