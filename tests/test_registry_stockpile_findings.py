"""Stockpiles as a ministry keeps them: moves between its sites, counts that keep what they find
(weapons on no record, serials two weapons share), bulk confirmation, and diversion kinds."""

import datetime
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from salw.core.testing import signed_in_client, token_client
from salw.registry.choices import (
    DiscrepancyKind,
    DiscrepancyResolution,
    DiversionKind,
    EventKind,
    WeaponStatus,
)
from salw.registry.models import Discrepancy, Weapon, WeaponEvent
from salw.registry.services import (
    create_site,
    record_count,
    record_diversion,
    record_event,
    resolve_discrepancy,
)
from salw.registry.services.stockpiles import expected_at, resolve_weapons
from salw.registry.testing import TODAY, pistol, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    """Pages activate the reader's language in the test's thread: leave none behind."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


KEEPER = "kenya.records"
ENTERED = datetime.date(2024, 1, 1)


def _at(site: object, serial: str, ref: str = "") -> Weapon:
    weapon = pistol(serial=serial, source_ref=ref)
    record_event(weapon, EventKind.ENTERED_STOCKPILE, actor=user(KEEPER), date=ENTERED, site=site)
    weapon.refresh_from_db()
    return weapon


def test_a_move_between_own_sites_is_its_own_event_and_the_new_site_expects_the_weapon() -> None:
    keeper = user(KEEPER)
    armoury = create_site(actor=keeper, code="NBO-1", name="مستودع نيروبي")
    depot = create_site(actor=keeper, code="MSA-2", name="Mombasa depot")
    weapon = _at(armoury, "KE-77/B", ref="KE/2026-0005-B")
    client = signed_in_client(KEEPER)
    response = client.post(
        f"/registry/weapons/{weapon.pk}/events/new/",
        {"kind": "site_move", "date": "2025-01-05", "site": depot.pk},
    )
    assert response.status_code == 302
    weapon.refresh_from_db()
    assert (weapon.status, weapon.site_id) == (WeaponStatus.IN_STOCKPILE, depot.pk)
    assert list(expected_at(depot)) == [weapon] and not expected_at(armoury).exists()
    page = client.get(f"/registry/sites/{depot.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f"/registry/weapons/{weapon.pk}/" in page
    # Moving to the site it is at, or without a site, is refused with the reason.
    api = token_client(KEEPER)
    same = api.post(
        f"/api/registry/weapons/{weapon.pk}/history/",
        {"kind": "site_move", "date": "2025-01-06", "site": "MSA-2"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert same.status_code == 400 and "site" in same.json()["errors"]
    nowhere = api.post(
        f"/api/registry/weapons/{weapon.pk}/history/",
        {"kind": "site_move", "date": "2025-01-06"},
        format="json",
    )
    assert nowhere.status_code == 400 and "site" in nowhere.json()["errors"]


def test_a_transfer_out_of_the_state_takes_no_site() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    weapon = _at(site, "KE-1")
    response = signed_in_client(KEEPER).post(
        f"/registry/weapons/{weapon.pk}/events/new/",
        {"kind": "transferred", "date": "2025-01-05", "site": site.pk},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert "Déplacée vers un autre site de l’État" in response.content.decode()
    assert not WeaponEvent.objects.filter(kind=EventKind.TRANSFERRED).exists()


def test_a_serial_two_weapons_share_is_never_matched_to_one() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    first, second = _at(site, "АК-1234", ref="KE-1"), _at(site, "АК-1234", ref="KE-2")
    found = resolve_weapons(first.state_id, ["ак-1234", "KE-2", "NOWHERE"])
    assert found.shared == ["ак-1234"] and found.unknown == ["NOWHERE"]
    assert found.weapons == [second]


def test_a_count_keeps_what_it_finds_and_each_finding_is_resolved() -> None:
    keeper = user(KEEPER)
    site = create_site(actor=keeper, code="NBO-1", name="Nairobi armoury")
    twin_a, twin_b = _at(site, "SH-9", ref="KE-A"), _at(site, "SH-9", ref="KE-B")
    gone = _at(site, "GONE-1", ref="KE-G")
    client = signed_in_client(KEEPER)
    response = client.post(
        f"/registry/sites/{site.pk}/",
        {"counted_on": TODAY.isoformat(), "counted": "sh-9\nKE-B\nXX-55/7\n"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    count = site.counts.get()
    assert count.items.filter(weapon=twin_b).exists()
    found = {(d.kind, d.weapon_id, d.reported_as) for d in count.discrepancies.all()}
    assert found == {
        (DiscrepancyKind.MISSING, twin_a.pk, ""),
        (DiscrepancyKind.MISSING, gone.pk, ""),
        (DiscrepancyKind.UNREGISTERED, None, "XX-55/7"),
        (DiscrepancyKind.DUPLICATE, None, "sh-9"),
    }
    page = client.get(f"/registry/counts/{count.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<bdi dir="ltr">KE-G</bdi>' in page and '<bdi dir="ltr">GONE-1</bdi>' in page
    assert '<bdi dir="ltr">XX-55/7</bdi>' in page and "Enregistrer l’arme" in page
    # The shared serial was twin A: linking it settles twin A's "missing" too.
    duplicate = count.discrepancies.get(kind=DiscrepancyKind.DUPLICATE)
    response = client.post(
        f"/registry/counts/{count.pk}/",
        {
            "action": "resolve",
            "discrepancy": duplicate.pk,
            "resolution": "linked",
            "weapon": "KE-A",
        },
    )
    assert response.status_code == 302
    missing_a = count.discrepancies.get(weapon=twin_a, kind=DiscrepancyKind.MISSING)
    assert missing_a.resolution == DiscrepancyResolution.LINKED
    assert count.items.filter(weapon=twin_a).exists()
    # The unknown one is investigated: a note is needed, and the refusal says so on the page.
    unregistered = count.discrepancies.get(kind=DiscrepancyKind.UNREGISTERED)
    refused = client.post(
        f"/registry/counts/{count.pk}/",
        {"action": "resolve", "discrepancy": unregistered.pk, "resolution": "investigating"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert refused.status_code == 400
    api = token_client(KEEPER)
    resolved = api.post(
        f"/api/registry/counts/{count.pk}/discrepancies/{unregistered.pk}/resolve/",
        {"resolution": "investigating", "note": "Inspection générale, dossier 2025/14"},
        format="json",
    )
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["resolution"] == "investigating"
    again = api.post(
        f"/api/registry/counts/{count.pk}/discrepancies/{unregistered.pk}/resolve/",
        {"resolution": "investigating", "note": "twice"},
        format="json",
    )
    assert again.status_code == 400
    # Another State's record keeper cannot resolve it.
    other = token_client("peru.records").post(
        f"/api/registry/counts/{count.pk}/discrepancies/{unregistered.pk}/resolve/",
        {"resolution": "investigating", "note": "x"},
        format="json",
    )
    assert other.status_code == 404
    assert Discrepancy.objects.get(pk=unregistered.pk).resolution_note.startswith("Inspection")


def test_an_unregistered_weapon_is_registered_then_linked() -> None:
    keeper = user(KEEPER)
    site = create_site(actor=keeper, code="NBO-1", name="Nairobi armoury")
    count = record_count(site, [], actor=keeper, counted_on=TODAY, unregistered=["NEW-1"])
    finding = count.discrepancies.get()
    form = signed_in_client(KEEPER).get("/registry/weapons/new/?serial=NEW-1").content.decode()
    assert 'value="NEW-1"' in form
    with pytest.raises(ValidationError):
        resolve_discrepancy(finding, DiscrepancyResolution.REGISTERED, actor=keeper)
    weapon = pistol(serial="NEW-1")
    resolve_discrepancy(finding, DiscrepancyResolution.REGISTERED, actor=keeper, weapon=weapon)
    finding.refresh_from_db()
    assert (finding.weapon_id, finding.resolution) == (weapon.pk, "registered")
    with pytest.raises(ValidationError):
        resolve_discrepancy(finding, DiscrepancyResolution.LINKED, actor=keeper, weapon=weapon)


def test_missing_weapons_are_confirmed_in_bulk_on_the_page_and_the_api() -> None:
    keeper = user(KEEPER)
    site = create_site(actor=keeper, code="NBO-1", name="Nairobi armoury")
    weapons = [_at(site, f"M-{n}", ref=f"KE/M-{n}") for n in range(55)]
    count = record_count(site, [], actor=keeper, counted_on=TODAY)
    client = signed_in_client(KEEPER)
    first = client.get(f"/registry/counts/{count.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert first.count('name="discrepancy" value=') == 50 and "?page=2" in first
    assert 'dir="rtl"' in first and '<bdi dir="ltr">KE/M-0</bdi>' in first
    chosen = list(count.discrepancies.order_by("pk").values_list("pk", flat=True)[:3])
    client.post(f"/registry/counts/{count.pk}/", {"discrepancy": chosen})
    assert Weapon.objects.filter(status=WeaponStatus.LOST).count() == 3
    api = token_client(KEEPER)
    rest = list(count.discrepancies.order_by("pk").values_list("pk", flat=True)[3:10])
    response = api.post(
        f"/api/registry/counts/{count.pk}/discrepancies/confirm/",
        {"discrepancies": [*rest, chosen[0]]},
        format="json",
    )
    assert response.status_code == 400  # one was confirmed already: none of them is
    assert Weapon.objects.filter(status=WeaponStatus.LOST).count() == 3
    response = api.post(
        f"/api/registry/counts/{count.pk}/discrepancies/confirm/",
        {"discrepancies": rest},
        format="json",
    )
    assert response.status_code == 200
    client.post(f"/registry/counts/{count.pk}/", {"scope": "all"})
    assert Weapon.objects.filter(status=WeaponStatus.LOST).count() == len(weapons)


def test_a_diversion_has_a_kind_a_number_and_marks_its_weapons() -> None:
    keeper = user(KEEPER)
    site = create_site(actor=keeper, code="NBO-1", name="Nairobi armoury")
    lost_one, stolen_one = _at(site, "D-1"), _at(site, "D-2")
    with pytest.raises(ValidationError) as refused:
        record_diversion(
            actor=keeper,
            occurred_on=TODAY,
            description="x",
            kind=DiversionKind.LOSS,
            weapon_count=0,
            weapons=[lost_one],
        )
    assert "weapon_count" in refused.value.message_dict
    record_diversion(
        actor=keeper,
        occurred_on=TODAY,
        description="Lost in transit",
        kind="loss",
        weapons=[lost_one],
    )
    lost_one.refresh_from_db()
    assert lost_one.status == WeaponStatus.LOST
    response = token_client(KEEPER).post(
        "/api/registry/diversions/",
        {
            "occurred_on": TODAY.isoformat(),
            "description": "Attaque armée du dépôt",
            "kind": "armed_attack",
            "weapon_count": 12,
            "weapons": ["D-2"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["weapon_count"]) == ("armed_attack", 12)
    stolen_one.refresh_from_db()
    assert stolen_one.status == WeaponStatus.STOLEN
    # A destroyed weapon cannot be diverted: the refusal names it and nothing is stored.
    gone = _at(site, "D-3")
    record_event(gone, EventKind.DESTROYED, actor=keeper, date=TODAY, destruction_method="melting")
    page = signed_in_client(KEEPER).post(
        "/registry/diversions/",
        {"occurred_on": TODAY.isoformat(), "description": "x", "kind": "theft", "weapons": "D-3"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert page.status_code == 400 and "Règle du cycle de vie" in page.content.decode()
    listing = signed_in_client(KEEPER).get("/registry/diversions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Attaque armée du dépôt" in listing.content.decode()
