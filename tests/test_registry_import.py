"""Bulk import: column mapping, bad rows with row/field/reason, batches, resume, idempotence."""

import csv
import io
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.importer.run import import_register, write_bad_rows
from salw.registry.models import ImportProblem, ImportRun, Marking, Weapon
from salw.registry.search import search_markings
from salw.registry.testing import user

pytestmark = pytest.mark.django_db
HEADER = ["Record number", "Type", "Serial No", "Make", "Model", "Calibre", "Year", "Country"]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _rows(count: int, bad_every: int = 0) -> list[list[str]]:
    rows = []
    for n in range(1, count + 1):
        row = [f"KE-{n:06d}", "pistol", f"SN{n:06d}", "Glock", "Glock 17", "9x19", "2010", "AUT"]
        if bad_every and n % bad_every == 0:
            row[6] = "20X0"  # not a year
        rows.append(row)
    return rows


def test_good_rows_are_imported_and_bad_rows_reported(tmp_path: Path) -> None:
    rows = _rows(10)
    rows[2][1] = "catapult"
    rows[4][2] = " - "
    rows.append(rows[0])  # the same record number again
    path = _write(tmp_path / "register.csv", rows, HEADER)
    mapping = {"serial": "Serial No"}
    run = import_register(path, actor=user("kenya.records"), mapping=mapping)
    assert (run.rows_read, run.rows_imported, run.rows_bad) == (11, 8, 3)
    problems = list(ImportProblem.objects.filter(run=run).values_list("row_number", "field"))
    assert problems == [(4, "weapon_type"), (6, "serial"), (12, "record_number")]
    out = io.StringIO()
    write_bad_rows(run, out)
    assert out.getvalue().splitlines()[1].startswith("4,Type,catapult,")
    weapon = Weapon.objects.get(source_ref="KE-000001")
    assert weapon.state.iso3 == "KEN" and weapon.year_of_manufacture == 2010
    assert [hit.weapon_id for hit in search_markings(user("kenya.records"), "sn000001")] == [
        weapon.pk
    ]


def test_an_interrupted_import_resumes_without_duplicates_or_gaps(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.csv", _rows(95, bad_every=10))
    mapping = {"serial": "Serial No"}

    class Killed(Exception):
        pass

    def die_after_two_batches(run: ImportRun) -> None:
        if run.rows_read >= 40:
            raise Killed

    with pytest.raises(Killed):
        import_register(
            path,
            actor=user("kenya.records"),
            mapping=mapping,
            batch_size=20,
            progress=die_after_two_batches,
        )
    assert Weapon.objects.count() == 36  # two whole batches, 4 bad rows among them
    run = import_register(path, actor=user("kenya.records"), mapping=mapping, batch_size=20)
    assert (run.rows_read, run.rows_imported, run.rows_bad) == (95, 86, 9)
    assert Weapon.objects.count() == 86 == Marking.objects.count()
    assert ImportProblem.objects.filter(run=run).count() == 9
    again = import_register(path, actor=user("kenya.records"), mapping=mapping)
    assert again.pk == run.pk and Weapon.objects.count() == 86


def test_a_number_already_on_the_register_unchanged_is_counted_and_the_rest_goes_in(
    tmp_path: Path,
) -> None:
    mapping = {"serial": "Serial No"}
    import_register(
        _write(tmp_path / "first.csv", _rows(3)), actor=user("kenya.records"), mapping=mapping
    )
    later = _rows(6)[1:]  # KE-000002 and KE-000003 are on the register already
    later[3][6] = "20X0"  # and one bad year among the new ones
    run = import_register(
        _write(tmp_path / "later.csv", later), actor=user("kenya.records"), mapping=mapping
    )
    assert (run.rows_imported, run.rows_unchanged, run.rows_bad) == (2, 2, 1)
    problems = ImportProblem.objects.filter(run=run).order_by("row_number")
    assert [(p.row_number, p.field) for p in problems] == [(5, "year_of_manufacture")]
    assert Weapon.objects.count() == 5 == Marking.objects.count()


def _keyed_marks() -> tuple[int, int]:
    from salw.tracing.models import ReversedSerialKey, SerialKey

    return SerialKey.objects.count(), ReversedSerialKey.objects.count()


def test_marks_are_keyed_for_tracing_in_large_steps_and_after_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salw.registry.importer import run as importer
    from salw.registry.testing import pistol

    monkeypatch.setattr(importer, "ANNOUNCE_EVERY", 50)
    path = _write(tmp_path / "big.csv", _rows(130))
    mapping = {"serial": "Serial No"}

    class Killed(Exception):
        pass

    def saved_by_hand_then_killed(run: ImportRun) -> None:
        if run.rows_read == 20:
            pistol(serial="HAND-1")  # a record keeper saves a weapon while the import runs
        if run.rows_read >= 80:
            raise Killed

    with pytest.raises(Killed):
        import_register(
            path, actor=user("kenya.records"), mapping=mapping, batch_size=20,
            progress=saved_by_hand_then_killed,
        )  # fmt: skip
    # 80 imported: the first 60 were handed over at 50 (a batch's end); the marks saved by hand
    # keyed themselves; 20 wait for the next hand-off, which the crash cut off.
    by_hand = Marking.objects.exclude(component__weapon__source_ref__startswith="KE-").count()
    assert by_hand and Marking.objects.count() == 80 + by_hand
    assert _keyed_marks() == (60 + by_hand,) * 2
    assert ImportRun.objects.get().marks_pending_from is not None
    run = import_register(path, actor=user("kenya.records"), mapping=mapping, batch_size=20)
    assert run.rows_imported == 130 and run.marks_pending_from is None
    assert _keyed_marks() == (130 + by_hand,) * 2  # each once: the rerun keys what was left


def test_xlsx_files_are_read_as_a_stream(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["record_number", "weapon_type", "serial", "year_of_manufacture"])
    sheet.append(["PE-1", "Rifle", "R-1", 1999])
    sheet.append(["PE-2", "rifle", "", 2001])
    path = tmp_path / "registro.xlsx"
    book.save(path)
    run = import_register(path, actor=user("peru.records"))
    assert (run.rows_imported, run.rows_bad) == (1, 1)
    assert Weapon.objects.get(source_ref="PE-1").state.iso3 == "PER"


def test_required_columns_and_mapping_are_checked(tmp_path: Path) -> None:
    header = [*HEADER[:2], "Seriennummer", *HEADER[3:]]  # German: not a language of the site
    path = _write(tmp_path / "r.csv", _rows(1), header)
    with pytest.raises(ValidationError, match="Serial number"):
        import_register(path, actor=user("kenya.records"))
    with pytest.raises(ValidationError, match="no column"):
        import_register(path, actor=user("kenya.records"), mapping={"serial": "Nope"})
    assert not Weapon.objects.exists()


def test_only_record_keepers_import(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", _rows(1))
    with pytest.raises(PermissionDenied):
        import_register(path, actor=user("analyst"), mapping={"serial": "Serial No"})


def test_the_command_maps_imports_and_writes_the_bad_rows_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", _rows(12, bad_every=5))
    out = io.StringIO()
    call_command(
        "registry", "import", str(path), "--map", "serial=Serial No", "--show-mapping",
        "--as", "kenya.records", stdout=out,
    )  # fmt: skip
    assert "serial" in out.getvalue() and "<- Serial No" in out.getvalue()
    out = io.StringIO()
    call_command(
        "registry", "import", str(path), "--map", "serial=Serial No", "--no-progress",
        "--as", "kenya.records", stdout=out,
    )  # fmt: skip
    assert "12 rows read, 10 imported, 2 bad rows" in out.getvalue()
    bad = (tmp_path / "r.csv.bad-rows.csv").read_text(encoding="utf-8-sig").splitlines()
    assert bad[0] == "row,field,value,reason" and bad[1].startswith("6,Year of manufacture,20X0,")
    with pytest.raises(CommandError):
        call_command("registry", "import", str(tmp_path / "missing.csv"), "--as", "kenya.records")


class TestImportsPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "analyst"

    def url(self) -> str:
        return "/registry/imports/"


class TestImportProgressPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        with tempfile.TemporaryDirectory() as directory:
            path = _write(Path(directory) / "r.csv", _rows(2))
            run = import_register(path, actor=user("kenya.records"))
        return f"/registry/imports/{run.pk}/"


@override_settings(REGISTRY_IMPORT_IN_BACKGROUND=False)
def test_upload_on_the_page_shows_progress_and_bad_rows(tmp_path: Path) -> None:
    rows = _rows(30, bad_every=7)
    with override_settings(VAR_DIR=tmp_path):
        client = signed_in_client("kenya.records")
        upload = SimpleUploadedFile("registre.csv", _csv_bytes(rows), content_type="text/csv")
        response = client.post("/registry/imports/", {"file": upload})
        assert response["Location"] == "/registry/imports/map/"
        step = client.get("/registry/imports/map/").content.decode()
        assert '<option value="Serial No" selected>' in step
        response = client.post(
            "/registry/imports/map/",
            {"record_number": "Record number", "weapon_type": "Type", "serial": "Serial No",
             "year_of_manufacture": "Year", "country_of_manufacture": "Country"},
        )  # fmt: skip
        assert response.status_code == 302
        run = ImportRun.objects.get(file_name="registre.csv")
        assert (run.rows_total, run.rows_imported, run.rows_bad) == (30, 26, 4)
        page = client.get(response["Location"]).content.decode()
        assert "30 of 30 rows read: 26 imported, 4 bad." in page
        bad = b"".join(client.get(f"/registry/imports/{run.pk}/bad-rows.csv").streaming_content)
        assert bad.decode().splitlines()[1].startswith("8,Year of manufacture,20X0,")
        upload = SimpleUploadedFile("bad.csv", b"a,b\n1,2\n", content_type="text/csv")
        client.post("/registry/imports/", {"file": upload})
        refused = client.post("/registry/imports/map/", {"record_number": "a"})
        assert refused.status_code == 400 and "Required columns are missing" in (
            refused.content.decode()
        )


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()
