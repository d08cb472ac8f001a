"""Weapons as marked components, reference matching, life events and their derived status."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from salw.core.changelog import verify_chain
from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.choices import ComponentKind, EventKind, WeaponStatus
from salw.registry.models import Component, Manufacturer, Marking, WeaponEvent, WeaponModel
from salw.registry.services import (
    ComponentData,
    WeaponData,
    correct_event,
    move_component,
    record_event,
    register_weapon,
)
from salw.registry.services.loading import load_reference
from salw.registry.services.reference import lookalike_models, suggest_manufacturers
from salw.registry.testing import TODAY, pistol, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference() -> None:
    load_reference()


def test_loading_reference_twice_changes_nothing(reference: None) -> None:
    counts = (Manufacturer.objects.count(), WeaponModel.objects.count())
    assert load_reference().created == 0
    assert (Manufacturer.objects.count(), WeaponModel.objects.count()) == counts
    assert counts[0] >= 50


def test_free_text_is_matched_to_the_reference_tables(reference: None) -> None:
    weapon = pistol()
    assert weapon.manufacturer.name == "FN Herstal"
    assert weapon.calibre.name == "5.7×28 mm"
    assert weapon.manufacturer_text == "F.N. Herstal"
    assert suggest_manufacturers("F.N. Herstal")[0].value == "FN Herstal"
    assert suggest_manufacturers("Heckler")[0].value == "Heckler & Koch"


def test_lookalike_models_are_flagged(reference: None) -> None:
    ak = WeaponModel.objects.get(name="AK-47")
    assert {m.name for m in lookalike_models(ak)} >= {"AKM", "Type 56", "M70"}


def test_a_weapon_has_exactly_one_reference_component() -> None:
    with pytest.raises(ValidationError) as refused:
        register_weapon(
            WeaponData(weapon_type="rifle"),
            [ComponentData(ComponentKind.BARREL)],
            actor=user("kenya.records"),
        )
    assert "components" in refused.value.message_dict


def test_only_record_keepers_register() -> None:
    for username in ("kenya.focal", "analyst", "admin"):
        with pytest.raises(PermissionDenied):
            pistol(username)


def test_the_modular_case_shows_the_move_in_both_histories() -> None:
    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    move = move_component(slide, b, actor=user("kenya.records"), date=TODAY)
    slide.refresh_from_db()
    assert slide.weapon_id == b.pk
    assert list(WeaponEvent.objects.history_of(a.pk)) == [move]
    assert list(WeaponEvent.objects.history_of(b.pk)) == [move]
    assert move.from_weapon_id == a.pk and move.weapon_id == b.pk


def test_the_reference_component_cannot_move() -> None:
    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    frame = a.components.get(is_reference=True)
    with pytest.raises(ValidationError):
        move_component(frame, b, actor=user("kenya.records"), date=TODAY)


def test_status_is_derived_from_events() -> None:
    weapon = pistol()
    keeper = user("kenya.records")
    assert weapon.status == WeaponStatus.RECORDED
    record_event(weapon, EventKind.IMPORTED, actor=keeper, date=datetime.date(2024, 1, 5))
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.HELD
    stolen = record_event(weapon, EventKind.STOLEN, actor=keeper, date=TODAY, place="Nairobi")
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.STOLEN and weapon.is_flagged
    correct_event(stolen, actor=keeper, reason="It was only mislaid", kind=EventKind.LOST)
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.LOST
    lost = WeaponEvent.objects.get(corrects=stolen)
    correct_event(lost, actor=keeper, reason="Recorded on the wrong weapon", withdraw=True)
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.HELD
    assert WeaponEvent.objects.filter(weapon=weapon).count() == 4


def test_an_event_is_corrected_once() -> None:
    weapon = pistol()
    keeper = user("kenya.records")
    found = record_event(weapon, EventKind.FOUND, actor=keeper, date=TODAY)
    correct_event(found, actor=keeper, reason="date", date=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError):
        correct_event(found, actor=keeper, reason="again")


def test_withdrawing_a_move_puts_the_component_back() -> None:
    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    move = move_component(slide, b, actor=user("kenya.records"), date=TODAY)
    correct_event(move, actor=user("kenya.records"), reason="wrong weapon", withdraw=True)
    slide.refresh_from_db()
    assert slide.weapon_id == a.pk


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        (EventKind.DESTROYED, {}, "destruction_method"),
        (EventKind.ISSUED, {}, "custodian"),
        (EventKind.EXPORTED, {"counterpart_country": "XXX"}, "counterpart_country"),
        (EventKind.COMPONENT_MOVED, {}, "kind"),
    ],
)
def test_bad_events_name_the_field_and_store_nothing(kind: str, values: dict, field: str) -> None:
    weapon = pistol()
    with pytest.raises(ValidationError) as refused:
        record_event(weapon, kind, actor=user("kenya.records"), date=TODAY, **values)
    assert field in refused.value.message_dict
    assert not WeaponEvent.objects.filter(weapon=weapon).exists()


def test_future_dates_are_refused() -> None:
    with pytest.raises(ValidationError):
        record_event(
            pistol(), EventKind.FOUND, actor=user("kenya.records"), date=datetime.date(2999, 1, 1)
        )


def test_another_states_weapon_is_not_found_by_services() -> None:
    weapon = pistol()
    with pytest.raises(Http404):
        record_event(weapon, EventKind.FOUND, actor=user("peru.records"), date=TODAY)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE registry_weaponevent SET place = 'elsewhere'",
        "DELETE FROM registry_weaponevent",
    ],
)
def test_events_cannot_be_changed_in_the_database(statement: str) -> None:
    record_event(pistol(), EventKind.FOUND, actor=user("kenya.records"), date=TODAY)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert WeaponEvent.objects.filter(place="elsewhere").count() == 0


def test_history_verifies_after_registry_work() -> None:
    weapon = pistol()
    record_event(weapon, EventKind.FOUND, actor=user("kenya.records"), date=TODAY)
    checked, problem = verify_chain()
    assert problem is None and checked > 0


def test_marks_carry_normalised_search_keys() -> None:
    weapon = pistol(serial="ke-10 01")
    mark = Marking.objects.get(component__weapon=weapon, component__is_reference=True)
    assert mark.serial_key == "KE1001"
    assert mark.normalised == "FNHERSTALBELGIUMKE1001"
    assert Component.objects.filter(weapon=weapon).count() == 2


def test_typing_mistakes_get_suggestions(reference: None) -> None:
    assert suggest_manufacturers("Glok")[0].value == "Glock"
    assert suggest_manufacturers("Berreta")[0].value == "Fabbrica d'Armi Pietro Beretta"
    weapon = register_weapon(
        WeaponData(weapon_type="pistol", manufacturer="Glok"),
        [ComponentData(ComponentKind.FRAME, is_reference=True)],
        actor=user("kenya.records"),
    )
    assert weapon.manufacturer is None
    page = signed_in_client("kenya.records").get(f"/registry/weapons/{weapon.pk}/")
    assert "Did you mean:" in page.content.decode() and "Glock" in page.content.decode()


class TestWeaponPdf(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/weapons/{pistol(serial='KE-PDF-1').pk}/record.pdf"


def test_weapon_record_prints_marks_and_history_in_the_readers_language() -> None:
    import io

    from pypdf import PdfReader

    weapon = pistol(serial="KE-PDF-2")
    client = signed_in_client("kenya.records")
    response = client.get(
        f"/registry/weapons/{weapon.pk}/record.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "KE-PDF-2" in text and "S-KE-PDF-2" in text  # frame and slide marks
    assert "武器记录" in text
