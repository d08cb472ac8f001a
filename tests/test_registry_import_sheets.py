"""A ministry's workbook opens on a cover sheet: the import finds the sheet that holds the
register, the page offers every sheet with its first rows, and the API and the command line take
a sheet by name or number."""

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook

from salw.core.testing import signed_in_client, token_client
from salw.registry.importer.run import import_register
from salw.registry.models import ImportRun, Weapon
from salw.registry.testing import user

pytestmark = pytest.mark.django_db

FRENCH = ["N° d'enregistrement", "Type d’arme", "N° de série", "Fabricant", "Modèle", "Calibre",
          "Année de fabrication", "Pays de fabrication"]  # fmt: skip


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _workbook(path: Path, rows: int = 12) -> Path:
    """As the ministry saves it: a cover sheet, the register, a sheet of lists."""
    book = Workbook()
    cover = book.active
    cover.title = "Page de garde"
    cover.append(["Ministère de l'Intérieur — Direction du contrôle des armes"])
    cover.append(["Registre national des armes légères et de petit calibre"])
    cover.append(["Arrêté au 30 novembre 2026", None, "Diffusion restreinte"])
    register = book.create_sheet("Registre")
    register.append(FRENCH)
    for n in range(1, rows + 1):
        kind = "Pistolet" if n % 2 else "Fusil d'assaut"
        serial = f"GL{n:05d}/A-{n}"
        register.append([f"PE-2026/{n:04d}-B", kind, serial, "Glock", "Glock 17", "9×19 mm",
                         2004, "Autriche"])  # fmt: skip
    lists = book.create_sheet("Listes")
    lists.append(["Types", "Pistolet", "Fusil", "Fusil d'assaut"])
    book.save(path)
    return path


def test_the_first_sheet_that_names_a_field_is_read_past_the_cover(tmp_path: Path) -> None:
    run = import_register(_workbook(tmp_path / "registre.xlsx"), actor=user("peru.records"))
    assert run.sheet == "Registre"
    assert (run.rows_total, run.rows_imported, run.rows_bad) == (12, 12, 0)
    assert Weapon.objects.filter(
        source_ref="PE-2026/0001-B", components__markings__serial="GL00001/A-1"
    ).exists()


def test_an_empty_first_sheet_is_passed_over(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Feuil1"
    register = book.create_sheet("Feuil2")
    register.append(FRENCH)
    register.append(["PE-1", "Pistolet", "K7D-301/B", "FN Herstal", "", "", 2015, "Belgique"])
    book.save(tmp_path / "feuil.xlsx")
    run = import_register(tmp_path / "feuil.xlsx", actor=user("peru.records"))
    assert (run.sheet, run.rows_imported) == ("Feuil2", 1)


@pytest.mark.parametrize("sheet", ["2", "registre", " Registre "])
def test_a_sheet_is_chosen_by_number_or_name(tmp_path: Path, sheet: str) -> None:
    path = _workbook(tmp_path / "registre.xlsx", rows=3)
    run = import_register(path, actor=user("peru.records"), sheet=sheet)
    assert (run.sheet, run.rows_imported) == ("Registre", 3)


def test_an_unknown_sheet_is_refused_naming_the_sheets(tmp_path: Path) -> None:
    from django.core.exceptions import ValidationError

    path = _workbook(tmp_path / "registre.xlsx", rows=3)
    translation.activate("fr")
    with pytest.raises(ValidationError) as refused:
        import_register(path, actor=user("peru.records"), sheet="Feuil4")
    message = refused.value.message_dict["sheet"][0]
    assert "Feuil4" in message and "1. Page de garde, 2. Registre, 3. Listes" in message
    assert "feuille" in message  # in the reader's language
    with pytest.raises(ValidationError):  # the cover sheet names no field of the register
        import_register(path, actor=user("peru.records"), sheet="1")
    assert not ImportRun.objects.exists() and not Weapon.objects.exists()


def test_the_page_offers_the_sheets_with_their_first_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "registre.xlsx", rows=5)
    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        client = signed_in_client("peru.records")  # Jorge Huamán reads the site in Spanish
        upload = SimpleUploadedFile("registre.xlsx", path.read_bytes())
        assert client.post("/registry/imports/", {"file": upload}).status_code == 302
        step = client.get("/registry/imports/map/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        choices = step.split('id="sheets"')[1].split("</form>")[0]
        assert "Hoja 1: Page de garde" in choices and "Hoja 3: Listes" in choices  # in Spanish
        assert '<input type="radio" name="sheet" value="Registre" checked>' in choices
        assert "Registre national des armes légères" in choices  # the cover's first rows
        assert "GL00001/A-1" in choices  # the register's
        assert "Columnas de la hoja «Registre»" in step
        assert '<option value="N° de série" selected>' in step
        # The officer looks at the cover sheet: its first row is offered as headers.
        cover = client.get("/registry/imports/map/?sheet=1", HTTP_ACCEPT_LANGUAGE="fr")
        assert "Columnas de la hoja «Page de garde»" in cover.content.decode()
        unknown = client.get("/registry/imports/map/?sheet=Feuil9", HTTP_ACCEPT_LANGUAGE="fr")
        assert unknown.status_code == 400 and "Feuil9" in unknown.content.decode()
        client.get("/registry/imports/map/?sheet=Registre")
        chosen = {"record_number": FRENCH[0], "weapon_type": FRENCH[1], "serial": FRENCH[2]}
        assert client.post("/registry/imports/map/", chosen).status_code == 302
    run = ImportRun.objects.get()
    assert (run.sheet, run.rows_imported, run.rows_bad) == ("Registre", 5, 0)


def test_a_csv_has_no_sheet_to_choose(tmp_path: Path) -> None:
    body = ",".join(FRENCH) + "\nPE-1,Pistolet,S-1,Glock,,,2004,AUT\n"
    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        client = signed_in_client("peru.records")
        client.post("/registry/imports/", {"file": SimpleUploadedFile("r.csv", body.encode())})
        step = client.get("/registry/imports/map/").content.decode()
        assert 'id="sheets"' not in step and 'id="chosen-sheet"' not in step


def test_the_api_and_the_command_line_take_a_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "registre.xlsx", rows=4)
    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        api = token_client("peru.records")
        with path.open("rb") as handle:
            refused = api.post(
                "/api/registry/imports/", {"file": handle, "sheet": "9"}, format="multipart"
            )
        assert refused.status_code == 400 and "Listes" in refused.content.decode()
        with path.open("rb") as handle:
            made = api.post(
                "/api/registry/imports/", {"file": handle, "sheet": "2"}, format="multipart"
            )
        assert made.status_code == 201, made.content
        assert made.json()["sheet"] == "Registre"
    assert Weapon.objects.count() == 4
    other = _workbook(tmp_path / "autre.xlsx", rows=6)
    out = StringIO()
    call_command(
        "registry", "import", str(other), "--sheet", "Registre", "--as", "kenya.records",
        "--no-progress", stdout=out,
    )  # fmt: skip
    assert "Registre" in out.getvalue() and "6 imported" in out.getvalue()


def test_the_encoding_choices_are_named_in_the_readers_language() -> None:
    client = signed_in_client("kenya.records")
    html = client.get("/registry/imports/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    select = html.split('name="encoding"')[1].split("</select>")[0]
    assert "Windows-1252 (Europe occidentale)" in select and "Windows-1251 (cyrillique)" in select
    assert "Western European" not in select and "Cyrillic" not in select
