"""Stockpile sites, custody, inventory counts, reconciliation and diversion."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.registry.choices import DiscrepancyKind, DiversionKind, EventKind, WeaponStatus
from salw.registry.models import Discrepancy, DiversionIncident, Site, Weapon, WeaponEvent
from salw.registry.services import (
    confirm_discrepancy,
    correct_event,
    create_site,
    record_count,
    record_diversion,
    record_event,
)
from salw.registry.testing import TODAY, pistol, user

pytestmark = pytest.mark.django_db
KEEPER = "kenya.records"


def _stocked(site: object, count: int) -> list[Weapon]:
    weapons = []
    for number in range(count):
        weapon = pistol(serial=f"ST-{number}")
        record_event(
            weapon,
            EventKind.ENTERED_STOCKPILE,
            actor=user(KEEPER),
            date=datetime.date(2024, 1, 1),
            site=site,
        )
        weapons.append(weapon)
    return weapons


def test_custody_moves_a_weapon_out_of_and_back_into_the_stockpile() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    (weapon,) = _stocked(site, 1)
    record_event(weapon, EventKind.ISSUED, actor=user(KEEPER), date=TODAY, custodian="Sgt. Achieng")
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.ISSUED and weapon.site == site
    record_event(weapon, EventKind.RETURNED, actor=user(KEEPER), date=TODAY)
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.IN_STOCKPILE


def test_a_confirmed_discrepancy_becomes_a_loss_seen_by_the_tracing_officer() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    present, missing = _stocked(site, 2)
    count = record_count(site, [present], actor=user(KEEPER), counted_on=TODAY)
    (discrepancy,) = count.discrepancies.all()
    assert discrepancy.kind == DiscrepancyKind.MISSING and discrepancy.weapon_id == missing.pk
    missing.refresh_from_db()
    assert missing.status == WeaponStatus.IN_STOCKPILE  # nothing changes before confirmation
    event = confirm_discrepancy(discrepancy, actor=user(KEEPER))
    assert event.kind == EventKind.LOST and event.date == TODAY
    missing.refresh_from_db()
    assert missing.status == WeaponStatus.LOST and missing.site is None
    assert list(Weapon.objects.visible_to(user(KEEPER)).flagged_for_tracing()) == [missing]
    dashboard = signed_in_client(KEEPER).get("/dashboard/").content.decode()
    assert "1 weapon is reported lost or stolen" in dashboard
    assert f"#{missing.pk}" in dashboard
    with pytest.raises(ValidationError):
        confirm_discrepancy(Discrepancy.objects.get(pk=discrepancy.pk), actor=user(KEEPER))


def test_an_unexpected_weapon_is_a_discrepancy_but_never_a_loss() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    stray = pistol(serial="STRAY")
    count = record_count(site, [stray], actor=user(KEEPER), counted_on=TODAY)
    (discrepancy,) = count.discrepancies.all()
    assert discrepancy.kind == DiscrepancyKind.UNEXPECTED
    with pytest.raises(ValidationError):
        confirm_discrepancy(discrepancy, actor=user(KEEPER))


def test_another_states_weapons_cannot_be_counted() -> None:
    site = create_site(actor=user("peru.records"), code="LIM-1", name="Lima")
    with pytest.raises(ValidationError):
        record_count(site, [pistol()], actor=user("peru.records"), counted_on=TODAY)


def test_only_record_keepers_create_sites() -> None:
    with pytest.raises(PermissionDenied):
        create_site(actor=user("analyst"), code="X", name="X")
    create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi")
    with pytest.raises(ValidationError):
        create_site(actor=user(KEEPER), code="NBO-1", name="Again")


def test_diversion_incidents_are_recorded_with_their_weapons() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    weapons = _stocked(site, 2)
    incident = record_diversion(
        actor=user(KEEPER),
        occurred_on=TODAY,
        description="Break-in at the armoury",
        site=site,
        weapons=weapons,
    )
    assert set(incident.weapons.values_list("pk", flat=True)) == {w.pk for w in weapons}
    assert DiversionIncident.objects.visible_to(user("peru.records")).count() == 0
    with pytest.raises(ValidationError):
        record_diversion(actor=user(KEEPER), occurred_on=TODAY, description=" ")


def _site_pk() -> int:
    return create_site(actor=user(KEEPER), code="NBO-9", name="Nairobi depot").pk


class TestSitesPage(PagePermissionTests):
    owner = KEEPER
    wrong_role = "analyst"

    def url(self) -> str:
        return "/registry/sites/"


class TestSitePage(PagePermissionTests):
    owner = KEEPER
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/registry/sites/{_site_pk()}/"


class TestCountPage(PagePermissionTests):
    owner = KEEPER
    wrong_role = "analyst"
    other_state = "peru.records"

    def url(self) -> str:
        site = Site.objects.get(pk=_site_pk())
        return (
            f"/registry/counts/{record_count(site, [], actor=user(KEEPER), counted_on=TODAY).pk}/"
        )


def test_a_count_on_the_page_is_reconciled_and_confirmed() -> None:
    client = signed_in_client(KEEPER)
    response = client.post("/registry/sites/", {"code": "MSA-1", "name": "Mombasa"})
    site = Site.objects.get(code="MSA-1")
    assert response.status_code == 302
    present, missing = _stocked(site, 2)
    # What is on no record is kept as a discrepancy, not refused: the count exists to find it.
    response = client.post(
        f"/registry/sites/{site.pk}/",
        {"counted_on": "2025-03-01", "counted": "st-0\nNOPE-9"},
    )
    count = site.counts.get()
    assert response.status_code == 302
    kinds = {(d.kind, d.weapon_id, d.reported_as) for d in count.discrepancies.all()}
    assert kinds == {
        (DiscrepancyKind.MISSING, missing.pk, ""),
        (DiscrepancyKind.UNREGISTERED, None, "NOPE-9"),
    }
    discrepancy = count.discrepancies.get(kind=DiscrepancyKind.MISSING)
    client.post(f"/registry/counts/{count.pk}/", {"discrepancy": discrepancy.pk})
    missing.refresh_from_db()
    assert missing.status == WeaponStatus.LOST
    home = client.get("/registry/").content.decode()
    assert f"#{missing.pk}" in home
    # Another State's record keeper cannot confirm it.
    other = signed_in_client("peru.records")
    assert other.post(f"/registry/counts/{count.pk}/", {"discrepancy": 1}).status_code == 404


class TestDiversionsPage(PagePermissionTests):
    owner = KEEPER
    wrong_role = "analyst"

    def url(self) -> str:
        return "/registry/diversions/"


def test_a_diversion_is_recorded_on_the_page() -> None:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    (weapon,) = _stocked(site, 1)
    client = signed_in_client(KEEPER)
    refused = client.post(
        "/registry/diversions/",
        {"occurred_on": "2025-02-01", "description": "Theft", "weapons": "NOPE"},
    )
    assert refused.status_code == 400 and "NOPE" in refused.content.decode()
    response = client.post(
        "/registry/diversions/",
        {
            "occurred_on": "2025-02-01",
            "site": site.pk,
            "description": "Theft during transport",
            "kind": "theft",
            "weapon_count": "4",
            "weapons": "st-0",
        },
    )
    assert response.status_code == 302
    incident = DiversionIncident.objects.get()
    assert list(incident.weapons.all()) == [weapon]
    assert (incident.kind, incident.weapon_count) == (DiversionKind.THEFT, 4)
    weapon.refresh_from_db()
    assert weapon.status == WeaponStatus.STOLEN and weapon.is_flagged
    page = signed_in_client("peru.records").get("/registry/diversions/").content.decode()
    assert "Theft during transport" not in page


def test_diversion_figures_for_the_national_report() -> None:
    from salw.registry.figures import diversion_figures

    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    first, second = _stocked(site, 2)
    record_diversion(
        actor=user(KEEPER),
        occurred_on=TODAY,
        description="Break-in",
        kind=DiversionKind.THEFT,
        weapon_count=3,
        site=site,
        weapons=[first, second],
    )
    # Both listed weapons are recorded stolen; one turned up on site after all.
    stolen = WeaponEvent.objects.get(weapon=second, kind=EventKind.STOLEN)
    correct_event(stolen, actor=user(KEEPER), reason="found on site", withdraw=True)
    figures = diversion_figures(
        user(KEEPER).state_id, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    )
    assert (figures.incidents, figures.weapons_in_incidents) == (1, 3)
    assert (figures.reported_stolen, figures.reported_lost) == (1, 0)
    none = diversion_figures(
        user("peru.records").state_id, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    )
    assert none.incidents == 0


class TestSiteApi(ApiPermissionTests):
    owner = KEEPER
    wrong_role = "analyst"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/api/registry/sites/{_site_pk()}/"


def test_sites_api_lists_only_the_own_state() -> None:
    create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    create_site(actor=user("peru.records"), code="LIM-1", name="Lima")
    listed = token_client(KEEPER).get("/api/registry/sites/").json()["results"]
    assert [row["code"] for row in listed] == ["NBO-1"]
