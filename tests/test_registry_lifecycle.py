"""Life-cycle rules of weapon events: held by the service, so pages and the API refuse alike."""

import datetime
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from salw.core.testing import signed_in_client, token_client
from salw.registry.choices import ComponentKind, EventKind, WeaponStatus
from salw.registry.models import WeaponEvent
from salw.registry.services import correct_event, move_component, record_event
from salw.registry.testing import TODAY, pistol, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    """Pages activate the reader's language in the test's thread: leave none behind."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _event(weapon, kind: str, date: datetime.date, **values: object) -> WeaponEvent:  # noqa: ANN001
    return record_event(weapon, kind, actor=user("kenya.records"), date=date, **values)


def _page_refusal(weapon_id: int, data: dict[str, str], language: str = "fr") -> str:
    response = signed_in_client("kenya.records").post(
        f"/registry/weapons/{weapon_id}/events/new/", data, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    return response.content.decode()


def _api_refusal(weapon_id: int, data: dict[str, str], language: str = "fr") -> str:
    response = token_client("kenya.records").post(
        f"/api/registry/weapons/{weapon_id}/history/",
        data,
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.content.decode()


def test_no_event_after_destruction_except_a_correction() -> None:
    weapon = pistol(serial="KE/2015-7")
    destroyed = _event(weapon, EventKind.DESTROYED, TODAY, destruction_method="cutting")
    issued = {"kind": "issued", "date": "2025-03-01", "custodian": "Sgt. Wanjiru"}
    rule = "aucun événement après « Détruite » (1 mars 2025), sauf une correction"
    assert rule in _page_refusal(weapon.pk, issued).replace("&nbsp;", " ").replace("\xa0", " ")
    assert "لا حدث بعد" in _api_refusal(weapon.pk, issued, "ar")
    assert list(WeaponEvent.objects.filter(weapon=weapon)) == [destroyed]
    # The destruction was recorded against the wrong weapon: withdrawing it is still possible.
    correct_event(destroyed, actor=user("kenya.records"), reason="wrong weapon", withdraw=True)
    _event(weapon, EventKind.ISSUED, TODAY, custodian="Sgt. Wanjiru")
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.ISSUED


def test_no_event_after_export_and_an_export_names_the_country() -> None:
    weapon = pistol()
    no_country = {"kind": "exported", "date": "2025-01-10"}
    assert "une exportation exige le pays destinataire" in _page_refusal(weapon.pk, no_country)
    assert "counterpart_country" in _api_refusal(weapon.pk, no_country)
    _event(weapon, EventKind.EXPORTED, datetime.date(2025, 1, 10), counterpart_country="per")
    with pytest.raises(ValidationError) as refused:
        _event(weapon, EventKind.FOUND, TODAY)
    assert "kind" in refused.value.message_dict
    assert "Export" in refused.value.message_dict["kind"][0]


def test_no_event_before_manufacture() -> None:
    weapon = pistol()  # made in 2015
    stolen_1990 = {"kind": "stolen", "date": "1990-05-01", "place": "Nairobi"}
    assert "l’arme a été fabriquée en 2015" in _page_refusal(weapon.pk, stolen_1990)
    assert "изготовлено в 2015" in _api_refusal(weapon.pk, stolen_1990, "ru")
    assert not WeaponEvent.objects.filter(weapon=weapon).exists()
    _event(weapon, EventKind.MANUFACTURED, datetime.date(2015, 1, 1))


def test_no_event_before_the_previous_one() -> None:
    weapon = pistol()
    _event(weapon, EventKind.IMPORTED, datetime.date(2024, 6, 1), counterpart_country="BEL")
    earlier = {"kind": "lost", "date": "2024-05-31"}
    page = _page_refusal(weapon.pk, earlier)
    assert "aucun événement antérieur au précédent événement de l’arme" in page
    assert "« Importée »" in page or "Importée" in page
    assert "date" in _api_refusal(weapon.pk, earlier)
    # The same day is not earlier.

    _event(weapon, EventKind.LOST, datetime.date(2024, 6, 1))
    assert WeaponEvent.objects.filter(weapon=weapon).count() == 2


def test_no_date_in_the_future() -> None:
    weapon = pistol()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert "date" in _api_refusal(weapon.pk, {"kind": "found", "date": tomorrow}, "en")
    assert _page_refusal(weapon.pk, {"kind": "found", "date": tomorrow}, "en")
    assert not WeaponEvent.objects.filter(weapon=weapon).exists()


def test_a_correction_keeps_to_the_order_of_the_events_before_it() -> None:
    weapon = pistol()
    imported = _event(
        weapon, EventKind.IMPORTED, datetime.date(2020, 1, 1), counterpart_country="BEL"
    )
    lost = _event(weapon, EventKind.LOST, datetime.date(2024, 1, 1))
    keeper = user("kenya.records")
    with pytest.raises(ValidationError) as refused:
        correct_event(lost, actor=keeper, reason="typo", date=datetime.date(2019, 1, 1))
    assert "date" in refused.value.message_dict
    with pytest.raises(ValidationError):
        correct_event(imported, actor=keeper, reason="typo", date=datetime.date(2014, 1, 1))
    fixed = correct_event(lost, actor=keeper, reason="typo", date=datetime.date(2023, 1, 1))
    assert fixed.corrects_id == lost.pk


def test_a_component_is_not_moved_before_it_arrived() -> None:
    a, b, c = pistol(serial="A-1"), pistol(serial="B-2"), pistol(serial="C-3")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    keeper = user("kenya.records")
    move_component(slide, b, actor=keeper, date=datetime.date(2024, 6, 1))
    slide.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        move_component(slide, c, actor=keeper, date=datetime.date(2024, 1, 1))
    assert "previous move" in refused.value.message_dict["date"][0]
    with pytest.raises(ValidationError):
        move_component(slide, c, actor=keeper, date=datetime.date(2010, 1, 1))
    _event(c, EventKind.DESTROYED, TODAY, destruction_method="melting")
    with pytest.raises(ValidationError) as refused:
        move_component(slide, c, actor=keeper, date=TODAY)
    assert "kind" in refused.value.message_dict
    slide.refresh_from_db()
    assert slide.weapon_id == b.pk
