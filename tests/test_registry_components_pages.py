"""Pages that add marks and components and move a component between weapons."""

import pytest

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.choices import ComponentKind, EventKind
from salw.registry.models import Marking, WeaponEvent
from salw.registry.search import search_markings
from salw.registry.testing import pistol, user

pytestmark = pytest.mark.django_db


class TestMoveComponentPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/weapons/{pistol().pk}/components/move/"


class TestAddMarkPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "analyst"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/weapons/{pistol().pk}/marks/new/"


def test_the_modular_case_on_the_pages() -> None:
    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    client = signed_in_client("kenya.records")
    response = client.post(
        f"/registry/weapons/{a.pk}/components/move/",
        {"component": slide.pk, "to_weapon": b.pk, "date": "2025-03-01"},
    )
    assert response.status_code == 302
    for weapon in (a, b):
        page = client.get(f"/registry/weapons/{weapon.pk}/").content.decode()
        assert "Component moved" in page
    assert f"moved to weapon #{b.pk}" in client.get(f"/registry/weapons/{a.pk}/").content.decode()
    search = client.get("/registry/weapons/", {"marking": "S-A-1"}).content.decode()
    assert "bore a component with this mark in the past" in search
    assert WeaponEvent.objects.filter(kind=EventKind.COMPONENT_MOVED).count() == 1


def test_a_move_to_another_states_weapon_is_refused() -> None:
    a = pistol(serial="A-1")
    foreign = pistol("peru.records", serial="P-1")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    response = signed_in_client("kenya.records").post(
        f"/registry/weapons/{a.pk}/components/move/",
        {"component": slide.pk, "to_weapon": foreign.pk, "date": "2025-03-01"},
    )
    assert response.status_code == 400
    assert "No such weapon on your register." in response.content.decode()
    assert not WeaponEvent.objects.exists()


def test_the_polymer_case_on_the_pages() -> None:
    weapon = pistol(serial="G-1")
    client = signed_in_client("kenya.records")
    response = client.post(
        f"/registry/weapons/{weapon.pk}/components/new/",
        {
            "component_kind": "marking_plate",
            "kind": "manufacture",
            "text_as_read": "GLOCK AUSTRIA PLT-77",
            "material": "embedded_plate",
            "serial": "PLT-77",
        },
    )
    assert response.status_code == 302
    frame = weapon.components.get(is_reference=True)
    response = client.post(
        f"/registry/weapons/{weapon.pk}/marks/new/",
        {"component": frame.pk, "kind": "import", "text_as_read": "KEN 24", "material": "polymer"},
    )
    assert response.status_code == 302
    assert Marking.objects.filter(component__weapon=weapon).count() == 4
    hits = search_markings(user("kenya.records"), "plt77")
    assert [hit.weapon_id for hit in hits] == [weapon.pk]
    assert hits[0].marking.material == "embedded_plate"


def _found_event() -> tuple[int, int]:
    from salw.registry.services import record_event
    from salw.registry.testing import TODAY

    weapon = pistol()
    event = record_event(weapon, EventKind.STOLEN, actor=user("kenya.records"), date=TODAY)
    return weapon.pk, event.pk


class TestCorrectEventPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        weapon_id, event_id = _found_event()
        return f"/registry/weapons/{weapon_id}/events/{event_id}/correct/"


def test_an_event_is_corrected_then_withdrawn_on_the_pages() -> None:
    weapon_id, event_id = _found_event()
    client = signed_in_client("kenya.records")
    url = f"/registry/weapons/{weapon_id}/events/{event_id}/correct/"
    assert client.post(url, {"kind": "lost", "date": "2025-03-01"}).status_code == 400  # no reason
    response = client.post(url, {"reason": "Mislaid, not stolen", "kind": "lost"})
    assert response.status_code == 302
    correction = WeaponEvent.objects.get(corrects_id=event_id)
    assert correction.kind == EventKind.LOST and correction.note == "Mislaid, not stolen"
    again = client.post(url, {"reason": "twice", "kind": "found"})
    assert again.status_code == 400
    assert "correct the correction instead" in again.content.decode()
    withdraw = f"/registry/weapons/{weapon_id}/events/{correction.pk}/correct/"
    assert client.post(withdraw, {"reason": "Wrong weapon", "withdraw": "on"}).status_code == 302
    page = client.get(f"/registry/weapons/{weapon_id}/").content.decode()
    assert "Withdrawn as recorded in error" in page and 'class="corrected"' in page
    assert WeaponEvent.objects.filter(weapon_id=weapon_id).count() == 3
