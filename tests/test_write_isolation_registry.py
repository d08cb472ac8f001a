"""Write isolation of the registry: only the State's record keepers write its register.

Kenya's record keeper owns each weapon; Peru's record keeper is the other State, Kenya's focal
point the member without the role.
"""

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from salw.core.testing import ApiWriteIsolationTests, PageWriteIsolationTests
from salw.registry.choices import ComponentKind, EventKind
from salw.registry.models import (
    Component,
    ImportRun,
    Marking,
    MarkingPhoto,
    Weapon,
    WeaponEvent,
)
from salw.registry.models.stockpiles import Discrepancy, DiversionIncident, InventoryCount, Site
from salw.registry.services import record_event
from salw.registry.services.loading import load_reference
from salw.registry.services.stockpiles import create_site, record_count, resolve_weapons
from salw.registry.testing import TODAY, pistol, user

pytestmark = pytest.mark.django_db
WEAPONS = (Weapon, Component, Marking, WeaponEvent)


@pytest.fixture(autouse=True)
def reference() -> None:
    load_reference()


class _Kenyas:
    owner = "kenya.records"
    other_state = "peru.records"
    wrong_role = "kenya.focal"
    models = WEAPONS


def weapon_form() -> dict[str, str]:
    return {
        "weapon_type": "rifle",
        "manufacturer": "Ижмаш / Izhmash",
        "model": "АК-74",
        "calibre": "5.45x39",
        "reference_kind": "receiver",
        "mark_kind": "manufacture",
        "text_as_read": "ИЖ 1987 12-34/567",
        "serial": "12-34/567",
        "material": "metal",
    }


class TestRegisterPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:weapon-create",)
    other_state = None  # a new weapon is always the writer's own State's

    def url(self) -> str:
        return "/registry/weapons/new/"

    def data(self) -> dict[str, str]:
        return weapon_form()


class TestEventPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:event-create",)

    def url(self) -> str:
        return f"/registry/weapons/{pistol().pk}/events/new/"

    def data(self) -> dict[str, str]:
        return {"kind": "stolen", "date": "2025-01-02", "place": "Момбаса, ممباسا"}


def stolen_event() -> WeaponEvent:
    weapon = pistol()
    return record_event(
        weapon, EventKind.STOLEN, actor=user("kenya.records"), date=datetime.date(2025, 3, 1)
    )


class TestCorrectionPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:event-correct",)

    def url(self) -> str:
        event = stolen_event()
        return f"/registry/weapons/{event.weapon_id}/events/{event.pk}/correct/"

    def data(self) -> dict[str, str]:
        return {"reason": "Mislaid, not stolen", "kind": "lost"}


class TestMarkPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:mark-add",)

    def url(self) -> str:
        weapon = pistol()
        self.frame = weapon.components.get(is_reference=True)
        return f"/registry/weapons/{weapon.pk}/marks/new/"

    def data(self) -> dict[str, Any]:
        return {
            "component": self.frame.pk,
            "kind": "import",
            "text_as_read": "KEN 24",
            "material": "metal",
        }


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "grey").save(buffer, "PNG")
    return SimpleUploadedFile("mark.png", buffer.getvalue(), "image/png")


class TestMarkPhotoPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:mark-photos",)

    models = (MarkingPhoto,)

    def url(self) -> str:
        mark = Marking.objects.filter(component__weapon=pistol()).first()
        return f"/registry/marks/{mark.pk}/photos/"

    def data(self) -> dict[str, Any]:
        return {"image": png(), "caption": "Серийный номер"}


class TestComponentPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:component-add",)

    def url(self) -> str:
        return f"/registry/weapons/{pistol().pk}/components/new/"

    def data(self) -> dict[str, str]:
        return {
            "component_kind": "marking_plate",
            "kind": "manufacture",
            "text_as_read": "GLOCK AUSTRIA PLT-77",
            "material": "embedded_plate",
            "serial": "PLT-77",
        }


class TestComponentMovePage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:component-move",)

    def url(self) -> str:
        a, self.b = pistol(serial="A-1"), pistol(serial="B-2")
        self.slide = a.components.get(kind=ComponentKind.SLIDE)
        return f"/registry/weapons/{a.pk}/components/move/"

    def data(self) -> dict[str, Any]:
        return {"component": self.slide.pk, "to_weapon": self.b.pk, "date": "2025-03-01"}


class TestSitePage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:sites",)
    models = (Site,)
    other_state = None

    def url(self) -> str:
        return "/registry/sites/"

    def data(self) -> dict[str, str]:
        return {"code": "MSA-1", "name": "Mombasa armoury / مستودع"}


class TestDiversionPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:diversions",)
    models = (DiversionIncident, WeaponEvent)
    other_state = None

    def url(self) -> str:
        self.site = create_site(actor=user("kenya.records"), code="NBO-1", name="Nairobi")
        self.weapon = pistol(serial="DV-1")
        return "/registry/diversions/"

    def data(self) -> dict[str, Any]:
        return {
            "occurred_on": "2025-02-01",
            "kind": "theft",
            "weapon_count": 1,
            "site": self.site.pk,
            "description": "Theft during transport",
            "weapons": "DV-1",
        }


# The API ------------------------------------------------------------------------------------


class TestRegisterApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-weapon-list",)
    other_state = None

    def url(self) -> str:
        return "/api/registry/weapons/"

    def data(self) -> dict[str, Any]:
        return {
            "weapon_type": "pistol",
            "manufacturer": "Glock Ges.m.b.H.",
            "model": "Glock 17",
            "calibre": "9 mm Parabellum",
            "components": [
                {
                    "kind": "frame",
                    "is_reference": True,
                    "markings": [{"kind": "manufacture", "text_as_read": "GLOCK AUT XYZ-789"}],
                }
            ],
        }


class TestEventApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-weapon-history",)

    def url(self) -> str:
        return f"/api/registry/weapons/{pistol().pk}/history/"

    def data(self) -> dict[str, str]:
        return {"kind": "lost", "date": "2025-02-01"}


class TestCorrectionApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-weapon-correct",)

    def url(self) -> str:
        event = stolen_event()
        return f"/api/registry/weapons/{event.weapon_id}/history/{event.pk}/correct/"

    def data(self) -> dict[str, Any]:
        return {"reason": "It was lost", "kind": "lost"}


class TestComponentMoveApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-weapon-move-component",)

    def url(self) -> str:
        a, self.b = pistol(serial="A-1"), pistol(serial="B-2")
        self.slide = a.components.get(kind=ComponentKind.SLIDE)
        return f"/api/registry/weapons/{a.pk}/move-component/"

    def data(self) -> dict[str, Any]:
        return {"component": self.slide.pk, "to_weapon": self.b.pk, "date": "2025-03-01"}


def stocked_site(*serials: str) -> Site:
    site = create_site(actor=user("kenya.records"), code="NBO-7", name="Nairobi armoury")
    for serial in serials:
        record_event(
            pistol(serial=serial),
            EventKind.ENTERED_STOCKPILE,
            actor=user("kenya.records"),
            date=datetime.date(2024, 1, 1),
            site=site,
        )
    return site


def missing_discrepancy() -> tuple[InventoryCount, Any]:
    site = stocked_site("C-1", "C-2")
    found = resolve_weapons(site.state_id, ["C-1"])
    count = record_count(site, found.weapons, actor=user("kenya.records"), counted_on=TODAY)
    return count, count.discrepancies.get()


class TestCountPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:site",)
    models = (InventoryCount, WeaponEvent)

    def url(self) -> str:
        return f"/registry/sites/{stocked_site('C-1').pk}/"

    def data(self) -> dict[str, str]:
        return {"counted_on": "2025-03-01", "counted": "C-1"}


class TestCountConfirmPage(_Kenyas, PageWriteIsolationTests):
    covers = ("registry:count",)

    def url(self) -> str:
        count, self.discrepancy = missing_discrepancy()
        return f"/registry/counts/{count.pk}/"

    def data(self) -> dict[str, Any]:
        return {"discrepancy": self.discrepancy.pk}


class TestCountApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-count-list",)
    models = (InventoryCount, WeaponEvent)
    other_state = None  # a count is always of the writer's own sites (another's: not found)

    def url(self) -> str:
        self.site = stocked_site("C-1")
        return "/api/registry/counts/"

    def data(self) -> dict[str, Any]:
        return {"site": self.site.pk, "counted_on": "2025-03-01", "weapons": ["C-1"]}


class TestCountConfirmApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-count-confirm",)

    def url(self) -> str:
        count, discrepancy = missing_discrepancy()
        return f"/api/registry/counts/{count.pk}/discrepancies/{discrepancy.pk}/confirm/"


class TestCountConfirmManyApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-count-confirm-many",)

    def url(self) -> str:
        count, self.discrepancy = missing_discrepancy()
        return f"/api/registry/counts/{count.pk}/discrepancies/confirm/"

    def data(self) -> dict[str, Any]:
        return {"discrepancies": [self.discrepancy.pk], "note": "Not found at the count"}


class TestCountResolveApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-count-resolve",)
    models = (Discrepancy,)

    def url(self) -> str:
        site = stocked_site("C-1")
        count = record_count(
            site,
            resolve_weapons(site.state_id, ["C-1"]).weapons,
            actor=user("kenya.records"),
            counted_on=TODAY,
            unregistered=["ZZ-404/B"],
        )
        found = count.discrepancies.exclude(kind="missing").get()
        return f"/api/registry/counts/{count.pk}/discrepancies/{found.pk}/resolve/"

    def data(self) -> dict[str, Any]:
        return {"resolution": "investigating", "note": "Sent to the police"}


class TestDiversionApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-diversion-list",)
    models = (DiversionIncident, WeaponEvent)
    other_state = None

    def url(self) -> str:
        pistol(serial="D-1")
        return "/api/registry/diversions/"

    def data(self) -> dict[str, Any]:
        return {"occurred_on": "2025-02-01", "description": "Theft", "weapons": ["D-1"]}


REGISTER = (
    "Record number,Type,Serial No,Make,Model,Calibre,Year,Country\n"
    "KE-000001,pistol,SN-0001/A,Glock,Glock 17,9x19,2010,AUT\n"
    "KE-000002,rifle,АК-12/345,Kalashnikov,AK-74,5.45x39,1987,RUS\n"
)


@pytest.fixture
def imports_here(tmp_path: Any, settings: Any) -> None:
    settings.VAR_DIR = tmp_path
    settings.REGISTRY_IMPORT_IN_BACKGROUND = False


@pytest.mark.usefixtures("imports_here")
class TestImportPage(_Kenyas, PageWriteIsolationTests):
    """The upload and its mapping step: the file waits in the officer's own session, and the
    mapping step writes the register."""

    covers = ("registry:imports", "registry:import-map")
    models = (ImportRun, Weapon, Marking)
    other_state = None  # an import always goes into the writer's own register

    def url(self) -> str:
        return "/registry/imports/"

    def data(self) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("registre.csv", REGISTER.encode(), "text/csv")}

    def send(self, client: Any, url: str, data: Any) -> Any:
        uploaded = client.post(url, data)
        if uploaded.status_code != 302 or uploaded["Location"] != "/registry/imports/map/":
            return uploaded
        headers = REGISTER.splitlines()[0].split(",")
        columns = ("record_number", "weapon_type", "serial", "manufacturer", "model", "calibre",
                   "year_of_manufacture", "country_of_manufacture")  # fmt: skip
        return client.post("/registry/imports/map/", dict(zip(columns, headers, strict=True)))


@pytest.mark.usefixtures("imports_here")
class TestImportApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:registry-import-list",)
    models = (ImportRun, Weapon, Marking)
    other_state = None

    def url(self) -> str:
        return "/api/registry/imports/"

    def data(self) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("registre.csv", REGISTER.encode(), "text/csv")}

    def send(self, client: Any, url: str, data: Any) -> Any:
        return client.post(url, data, format="multipart")


@pytest.mark.usefixtures("imports_here")
class TestImportResumePage(_Kenyas, PageWriteIsolationTests):
    """The button that resumes a stopped import (the server stopped mid-file): only the State's
    record keepers may resume it; another State's run is not found."""

    covers = ("registry:import",)
    models = (ImportRun, Weapon, Marking)

    def url(self) -> str:
        from salw.registry.importer import background
        from salw.registry.importer.run import prepare_import

        stored = background.store_upload(SimpleUploadedFile("registre.csv", REGISTER.encode()))
        headers = REGISTER.splitlines()[0].split(",")
        mapping = dict(zip(("record_number", "weapon_type", "serial"), headers, strict=False))
        run = prepare_import(
            stored, actor=user("kenya.records"), mapping=mapping, file_name="registre.csv"
        )
        return f"/registry/imports/{run.pk}/"
