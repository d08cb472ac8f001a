"""A corrected register imported again: a new site or status is applied as the weapon's next
event (its history shows it); a changed model, calibre or type, which no event records, is
reported as "changed, not applied" with both values, never written over the record; a changed
serial may be another weapon, so nothing of that row is applied. The progress page says
whether the run is working or stopped."""

import csv
import datetime
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from salw.accounts.models import User
from salw.core.testing import signed_in_client, token_client
from salw.registry.choices import EventKind, WeaponStatus
from salw.registry.importer.run import import_register
from salw.registry.models import ImportRun, Weapon
from salw.registry.services import create_site
from salw.registry.services.loading import load_reference
from salw.registry.services.reference import match_calibre
from salw.registry.testing import user

pytestmark = pytest.mark.django_db

HEADER = ["N° d'enregistrement", "Type d’arme", "N° de série", "Fabricant", "Modèle", "Calibre",
          "Année de fabrication", "Pays de fabrication", "Site"]  # fmt: skip


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _rows() -> list[list[str]]:
    return [
        [
            f"PE-2026/{n:04d}-B",
            "Pistolet",
            f"GL-{n:03d}/A",
            "Glock",
            "Glock 17",
            "9x19",
            "2004",
            "Autriche",
            "LIM-01",
        ]  # fmt: skip
        for n in range(1, 5)
    ]


@pytest.fixture
def registered(tmp_path: Path) -> list[list[str]]:
    load_reference()
    keeper = user("peru.records")
    create_site(actor=keeper, code="LIM-01", name="Arsenal del Callao")
    create_site(actor=keeper, code="CUS-02", name="Depósito de Cusco")
    rows = _rows()
    import_register(_write(tmp_path / "v1.csv", rows), actor=keeper)
    return rows


def test_model_and_calibre_changes_are_reported_with_both_values(
    tmp_path: Path, registered: list[list[str]]
) -> None:
    rows = registered
    rows[0][4], rows[0][5] = "Glock 19", "9 mm Parabellum"  # another model, the same calibre
    rows[1][5] = ".40 S&W"  # another calibre, and moved to Cusco
    rows[1][8] = "CUS-02"
    rows[2][2] = "GL-999/A"  # another serial: maybe another weapon
    rows[2][8] = "CUS-02"
    run = import_register(_write(tmp_path / "v2.csv", rows), actor=user("peru.records"))
    assert (run.rows_unchanged, run.rows_changed, run.rows_not_applied, run.rows_bad) == (
        1, 1, 3, 0,
    )  # fmt: skip
    problems = {(p.row_number, p.field): p for p in run.problems.all()}
    assert set(problems) == {(2, "model"), (3, "calibre"), (4, "serial")}
    model = problems[2, "model"]
    assert model.value == "Glock 19"
    assert "changed, not applied" in model.reason and "“Glock 17”" in model.reason
    assert "“Glock 19”" in model.reason and "Model" in model.reason
    # Nothing was written over the records.
    first = Weapon.objects.get(source_ref="PE-2026/0001-B")
    assert first.model_text == "Glock 17"
    # The move to Cusco is applied as an event of the weapon whose calibre differs ...
    second = Weapon.objects.get(source_ref="PE-2026/0002-B")
    assert second.site.code == "CUS-02" and second.status == WeaponStatus.IN_STOCKPILE
    assert list(second.events.values_list("kind", flat=True)) == [
        EventKind.ENTERED_STOCKPILE,
        EventKind.SITE_MOVE,
    ]
    assert "v2.csv" in second.events.get(kind=EventKind.SITE_MOVE).note
    assert second.calibre_text != ".40 S&W"
    # ... but not for the row whose serial differs.
    third = Weapon.objects.get(source_ref="PE-2026/0003-B")
    assert third.site.code == "LIM-01" and third.events.count() == 1


def test_the_page_and_the_api_report_rows_not_applied(
    tmp_path: Path, registered: list[list[str]]
) -> None:
    rows = registered
    rows[3][4] = "Glock 26"
    run = import_register(_write(tmp_path / "v2.csv", rows), actor=user("peru.records"))
    page = signed_in_client("peru.records").get(
        f"/registry/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="es"
    )
    html = page.content.decode()
    assert "1 fila ya registrada difiere en un campo que ningún evento registra" in html
    assert f"/registry/imports/{run.pk}/bad-rows" in html
    assert "Terminada: se leyeron todas las filas del archivo." in html
    bad = signed_in_client("peru.records").get(f"/registry/imports/{run.pk}/bad-rows.csv")
    text = b"".join(bad.streaming_content).decode("utf-8-sig")
    assert "Glock 26" in text and "Glock 17" in text
    data = token_client("peru.records").get(f"/api/registry/imports/{run.pk}/").json()
    assert (data["rows_not_applied"], data["rows_bad"], data["working"]) == (1, 0, False)


def test_the_progress_page_tells_working_from_stopped(tmp_path: Path) -> None:
    keeper = user("peru.records")
    User.objects.filter(pk=keeper.pk).update(language="en")
    create_site(actor=keeper, code="LIM-01", name="Arsenal del Callao")
    path = _write(tmp_path / "v1.csv", _rows())
    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from salw.registry.importer.background import store_upload
        from salw.registry.importer.run import prepare_import

        stored = store_upload(SimpleUploadedFile("v1.csv", path.read_bytes()))
        run = prepare_import(stored, actor=keeper, file_name="v1.csv")
        client = signed_in_client("peru.records")
        # A checkpoint a moment ago: some process is working on it.
        html = client.get(f"/registry/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
        assert b"Working: this page refreshes itself." in html and b"Resume" not in html
        # No checkpoint for ten minutes: the server stopped with it.
        ImportRun.objects.filter(pk=run.pk).update(
            updated_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        html = client.get(f"/registry/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
        assert b"Stopped before the end" in html and b"Resume</button>" in html
        listing = client.get("/registry/imports/", HTTP_ACCEPT_LANGUAGE="en").content
        assert b"Stopped before the end" in listing
        resumed = client.post(f"/registry/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        assert resumed.status_code == 302
        run.refresh_from_db()
        assert (run.status, run.rows_imported) == ("done", 4)
        html = client.get(f"/registry/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
        assert b"Done: every row of the file is read." in html
        # A stopped run whose file is gone says how to resume it.
        other = prepare_import(
            store_upload(SimpleUploadedFile("v2.csv", _write(tmp_path / "v2.csv", _rows()[:2])
                                            .read_bytes())),
            actor=keeper,
            file_name="v2.csv",
        )  # fmt: skip
        ImportRun.objects.filter(pk=other.pk).update(
            updated_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        (tmp_path / "var" / "registry-imports" / f"{other.file_sha256}.csv").unlink()
        html = client.get(f"/registry/imports/{other.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
        assert b"upload the same file again" in html and b"Resume</button>" not in html


@pytest.mark.parametrize(
    ("written", "calibre"),
    [("7.62 NATO", "7.62×51 mm"), (".308 Win", ".308 Winchester"), ("7,62×39", "7.62×39 mm"),
     ("7,62 x 39 mm", "7.62×39 mm"), ("9 mm Parabellum", "9×19 mm"), ("5,56 OTAN", "5.56×45 mm"),
     (".40 S&W", ".40 S&W"), ("12/70", "12 gauge")],
)  # fmt: skip
def test_calibre_aliases_resolve(written: str, calibre: str) -> None:
    load_reference()
    found = match_calibre(written)
    assert found is not None and found.name == calibre
