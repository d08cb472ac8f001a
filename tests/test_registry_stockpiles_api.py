"""Counts, diversions and imports through the API, under the same permission layer as pages."""

import datetime

import pytest

from salw.core.testing import ApiPermissionTests, token_client
from salw.registry.choices import EventKind, WeaponStatus
from salw.registry.models import ImportRun, InventoryCount, Weapon
from salw.registry.services import create_site, record_event
from salw.registry.testing import pistol, user

pytestmark = pytest.mark.django_db
KEEPER = "kenya.records"


def _site_with(serials: list[str]) -> int:
    site = create_site(actor=user(KEEPER), code="NBO-1", name="Nairobi armoury")
    for serial in serials:
        record_event(
            pistol(serial=serial),
            EventKind.ENTERED_STOCKPILE,
            actor=user(KEEPER),
            date=datetime.date(2024, 1, 1),
            site=site,
        )
    return site.pk


class TestCountApi(ApiPermissionTests):
    owner = KEEPER
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        site = _site_with(["C-1"])
        response = token_client(KEEPER).post(
            "/api/registry/counts/",
            {"site": site, "counted_on": "2025-03-01", "weapons": ["C-1"]},
            format="json",
        )
        return f"/api/registry/counts/{response.json()['id']}/"


def test_a_count_then_a_confirmation_records_the_loss() -> None:
    site = _site_with(["C-1", "C-2"])
    client = token_client(KEEPER)
    created = client.post(
        "/api/registry/counts/",
        {"site": site, "counted_on": "2025-03-01", "weapons": ["C-1"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    (missing,) = created.json()["discrepancies"]
    assert missing["kind"] == "missing"
    url = f"/api/registry/counts/{created.json()['id']}/discrepancies/{missing['id']}/confirm/"
    assert token_client("peru.records").post(url).status_code == 404
    confirmed = client.post(url)
    assert confirmed.status_code == 200 and confirmed.json()["loss_event"]
    assert Weapon.objects.get(pk=missing["weapon"]).status == WeaponStatus.LOST
    assert client.post(url).status_code == 400  # confirmed already


def test_a_count_naming_an_unknown_weapon_keeps_it_as_a_discrepancy() -> None:
    site = _site_with(["C-1"])
    response = token_client(KEEPER).post(
        "/api/registry/counts/",
        {"site": site, "counted_on": "2025-03-01", "weapons": ["C-1", "NOT-HERE"]},
        format="json",
    )
    assert response.status_code == 201
    (found,) = response.json()["discrepancies"]
    assert (found["kind"], found["reported_as"], found["weapon"]) == (
        "unregistered",
        "NOT-HERE",
        None,
    )
    assert InventoryCount.objects.get().items.count() == 1


def test_diversions_are_recorded_and_listed_for_the_own_state_only() -> None:
    pistol(serial="D-1")
    client = token_client(KEEPER)
    created = client.post(
        "/api/registry/diversions/",
        {
            "occurred_on": "2025-02-01",
            "description": "Theft from a patrol vehicle",
            "weapons": ["D-1"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert len(created.json()["weapon_ids"]) == 1
    assert token_client("peru.records").get("/api/registry/diversions/").json()["count"] == 0
    assert client.get("/api/registry/diversions/").json()["count"] == 1


def test_import_runs_and_their_bad_rows(tmp_path: object) -> None:
    import csv

    from salw.registry.importer.run import import_register

    path = tmp_path / "register.csv"  # type: ignore[operator]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record number", "Type", "Serial"])
        writer.writerow(["KE-1", "pistol", "SN1"])
        writer.writerow(["KE-2", "catapult", "SN2"])
    run = import_register(path, actor=user(KEEPER))
    client = token_client(KEEPER)
    listed = client.get(f"/api/registry/imports/{run.pk}/").json()
    assert (listed["rows_imported"], listed["rows_bad"]) == (1, 1)
    bad = client.get(f"/api/registry/imports/{run.pk}/bad-rows/")
    assert bad.status_code == 200 and "catapult" in b"".join(bad.streaming_content).decode()
    assert token_client("peru.records").get(f"/api/registry/imports/{run.pk}/").status_code == 404
    assert ImportRun.objects.count() == 1
