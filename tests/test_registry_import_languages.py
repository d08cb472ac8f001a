"""Imports of a ministry's own files: headers and coded values in the six languages, every problem
of a row reported at once in the reader's language with the allowed values, duplicates named."""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from salw.registry.choices import ComponentKind, WeaponType
from salw.registry.importer.columns import fold, header_table
from salw.registry.importer.run import import_register
from salw.registry.models import ImportProblem, Weapon
from salw.registry.testing import user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    """Pages activate the reader's language in the test's thread: leave none behind."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


FRENCH = [
    "N° d'enregistrement",
    "Type d’arme",
    "N° de série",
    "Fabricant",
    "Modèle",
    "Calibre",
    "Année de fabrication",
    "Pays de fabrication",
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("N° de série", "serial"),
        ("NUMÉRO DE SÉRIE", "serial"),
        ("Número de serie", "serial"),
        ("Серийный номер", "serial"),
        ("الرقم التسلسلي", "serial"),
        ("序列号", "serial"),
        ("Fabricant", "manufacturer"),
        ("Numéro d’enregistrement national", "record_number"),
        ("Année de fabrication", "year_of_manufacture"),
    ],
)
def test_headers_are_recognised_in_the_languages_of_the_site(header: str, column: str) -> None:
    assert header_table().get(fold(header)) == column


def test_a_french_register_is_imported_with_french_weapon_types(tmp_path: Path) -> None:
    rows = [
        ["PE-2026-0001", "Pistolet", "A-123/B", "Glock", "Glock 17", "9x19", "2012", "AUT"],
        ["PE-2026-0002", "Fusil d'assaut", "۱۲۳-456", "Kalachnikov", "AKM", "7.62x39", "1980", ""],
        ["PE-2026-0003", "FUSIL D’ASSAUT", "ZH-9", "", "", "", "", ""],
        ["PE-2026-0004", "Revólver", "RV-1", "", "", "", "", ""],  # Spanish label
        ["PE-2026-0005", "Пистолет", "RU-1", "", "", "", "", ""],  # Russian label
        ["PE-2026-0006", "手枪", "ZH-1", "", "", "", "", ""],
    ]
    path = _write(tmp_path / "registre.csv", FRENCH, rows)
    run = import_register(path, actor=user("peru.records"), language="fr")
    assert (run.rows_imported, run.rows_bad) == (6, 0)
    types = dict(Weapon.objects.values_list("source_ref", "weapon_type"))
    assert types == {
        "PE-2026-0001": WeaponType.PISTOL,
        "PE-2026-0002": WeaponType.ASSAULT_RIFLE,
        "PE-2026-0003": WeaponType.ASSAULT_RIFLE,
        "PE-2026-0004": WeaponType.REVOLVER,
        "PE-2026-0005": WeaponType.PISTOL,
        "PE-2026-0006": WeaponType.PISTOL,
    }


def test_every_problem_of_a_row_is_reported_at_once_in_the_readers_language(
    tmp_path: Path,
) -> None:
    header = [*FRENCH, "Composant de référence"]
    rows = [
        ["PE-1", "Catapulte", "A-1", "", "", "", "19X9", "ZZZ", "Crosse"],
        ["PE-2", "Pistolet", "A-2", "", "", "", "2001", "PER", "carcasse"],
        ["PE-2", "Pistolet", "A-3", "", "", "", "2001", "PER", ""],
    ]
    path = _write(tmp_path / "registre.csv", header, rows)
    run = import_register(path, actor=user("peru.records"), language="fr")
    assert (run.rows_imported, run.rows_bad) == (1, 2)
    problems = list(
        ImportProblem.objects.filter(run=run)
        .order_by("row_number", "id")
        .values_list("row_number", "field", "reason")
    )
    assert [(row, field) for row, field, _reason in problems] == [
        (2, "weapon_type"),
        (2, "year_of_manufacture"),
        (2, "country_of_manufacture"),
        (2, "reference_component"),
        (4, "record_number"),
    ]
    type_reason = problems[0][2]
    assert type_reason.startswith("ne fait pas partie des valeurs admises")
    assert "« Pistolet »" in type_reason or "“Pistolet”" in type_reason
    assert "Fusil d’assaut" in type_reason
    assert "ligne 3 du fichier" in problems[-1][2]
    assert Weapon.objects.get().components.get().kind == ComponentKind.FRAME


def test_a_number_already_registered_is_named_as_such(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.csv", FRENCH, [["PE-1", "Pistolet", "A-1", "", "", "", "", ""]])
    import_register(first, actor=user("peru.records"))
    again = _write(tmp_path / "b.csv", FRENCH, [["PE-1", "Pistolet", "A-1", "", "", "", "", "PER"]])
    with translation.override("es"):
        run = import_register(again, actor=user("peru.records"))
    (problem,) = run.problems.all()
    assert (problem.field, problem.value) == ("country_of_manufacture", "PER")
    assert problem.reason.startswith("modificada, no aplicada: el registro indica «—», el archivo")
    assert "País de fabricación" in problem.reason
    assert (run.rows_not_applied, run.rows_bad) == (1, 0)


def test_a_missing_column_is_named_in_the_readers_language(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", FRENCH[:2], [["PE-1", "Pistolet"]])
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        import_register(path, actor=user("peru.records"))
    assert "« Numéro de série »" in str(refused.value) or "“Numéro de série”" in str(refused.value)


def test_site_and_status_columns_place_each_weapon_with_its_event(tmp_path: Path) -> None:
    from salw.registry.choices import EventKind, WeaponStatus
    from salw.registry.models import WeaponEvent
    from salw.registry.services import create_site
    from salw.registry.services.stockpiles import expected_at

    keeper = user("peru.records")
    callao = create_site(actor=keeper, code="LIM-01", name="Arsenal del Callao")
    header = [*FRENCH, "Site", "Statut"]
    rows = [
        ["PE-1", "Pistolet", "A-1", "", "", "", "2001", "", "lim-01", ""],
        [
            "PE-2",
            "Pistolet",
            "A-2",
            "",
            "",
            "",
            "2001",
            "",
            "Arsenal del Callao",
            "Dans un stock de l’État",
        ],
        ["PE-3", "Pistolet", "A-3", "", "", "", "2001", "", "", "Volée"],
        ["PE-4", "Pistolet", "A-4", "", "", "", "2001", "", "", ""],
        ["PE-5", "Pistolet", "A-5", "", "", "", "2001", "", "NOWHERE", "Détruite"],
        ["PE-6", "Pistolet", "A-6", "", "", "", "2001", "", "", "Dans un stock de l’État"],
    ]
    path = _write(tmp_path / "registre.csv", header, rows)
    run = import_register(path, actor=keeper, language="fr")
    assert (run.rows_imported, run.rows_bad) == (4, 2)
    status = {w.source_ref: (w.status, w.site_id) for w in Weapon.objects.all()}
    assert status == {
        "PE-1": (WeaponStatus.IN_STOCKPILE, callao.pk),
        "PE-2": (WeaponStatus.IN_STOCKPILE, callao.pk),
        "PE-3": (WeaponStatus.STOLEN, None),
        "PE-4": (WeaponStatus.RECORDED, None),
    }
    assert {w.source_ref for w in expected_at(callao)} == {"PE-1", "PE-2"}
    events = WeaponEvent.objects.order_by("weapon__source_ref")
    assert [(e.weapon.source_ref, e.kind, e.site_id) for e in events] == [
        ("PE-1", EventKind.ENTERED_STOCKPILE, callao.pk),
        ("PE-2", EventKind.ENTERED_STOCKPILE, callao.pk),
        ("PE-3", EventKind.STOLEN, None),
    ]
    assert all(e.recorded_by_id == keeper.pk and "registre.csv" in e.note for e in events)
    problems = list(run.problems.order_by("row_number", "id").values_list("row_number", "field"))
    assert problems == [(6, "status"), (7, "site")]
    # The history is a real history: the life-cycle rules hold for the next event.
    from salw.registry.services import record_event

    stolen = Weapon.objects.get(source_ref="PE-3")
    with pytest.raises(ValidationError):
        record_event(
            stolen, EventKind.FOUND, actor=keeper, date=stolen.status_since.replace(year=2000)
        )


def test_the_mapping_step_shows_the_files_headers_and_remembers_the_choice(
    tmp_path: Path,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from salw.core.testing import signed_in_client

    header = ["Réf. interne", "Désignation", "Matricule", "Fabricant", "Observations"]
    body = "\n".join(
        [",".join(header), "PE-9/001,Pistolet,M-77/3,Glock,RAS", "PE-9/002,Fusil,M-78,FN,"]
    )
    from salw.accounts.models import User

    User.objects.filter(username="peru.records").update(language="fr")  # as in the field test
    with override_settings(VAR_DIR=tmp_path, REGISTRY_IMPORT_IN_BACKGROUND=False):
        client = signed_in_client("peru.records")
        upload = SimpleUploadedFile("armes.csv", body.encode(), content_type="text/csv")
        client.post("/registry/imports/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="fr")
        step = client.get("/registry/imports/map/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Numéro de série" in step and '<option value="Matricule">' in step
        assert '<option value="Fabricant" selected>' in step  # recognised from its label
        assert '<bdi dir="ltr">M-77/3 · M-78</bdi>' not in step  # not chosen yet: no sample
        chosen = {"record_number": "Réf. interne", "weapon_type": "Désignation",
                  "serial": "Matricule", "manufacturer": "Fabricant"}  # fmt: skip
        response = client.post("/registry/imports/map/", chosen, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 302
        assert set(Weapon.objects.values_list("source_ref", flat=True)) == {"PE-9/001", "PE-9/002"}
        # The next file of the ministry comes with the same headers: the choice is remembered.
        again = SimpleUploadedFile("armes-2.csv", body.replace("001", "003").encode())
        client.post("/registry/imports/", {"file": again})
        step = client.get("/registry/imports/map/").content.decode()
        assert '<option value="Matricule" selected>' in step
        assert '<bdi dir="ltr">M-77/3 · M-78</bdi>' in step
        # Another State's officer does not get Peru's pending upload or mapping.
        other = signed_in_client("kenya.records").get("/registry/imports/map/")
        assert other.status_code == 302 and other["Location"] == "/registry/imports/"


def test_the_guide_and_the_template_speak_the_readers_language() -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from salw.accounts.models import User
    from salw.core.testing import signed_in_client

    readers = User.objects.filter(username="peru.records")
    readers.update(language="fr")
    client = signed_in_client("peru.records")
    guide = client.get("/registry/imports/guide/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Numéro de série" in guide and "Fusil d’assaut" in guide
    listing = client.get("/registry/imports/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'href="/registry/imports/guide/"' in listing
    assert 'href="/registry/imports/template.xlsx"' in listing
    readers.update(language="ar")
    response = client.get("/registry/imports/template.xlsx", HTTP_ACCEPT_LANGUAGE="ar")
    book = load_workbook(BytesIO(response.content))
    header = [cell.value for cell in next(book.worksheets[0].iter_rows(max_row=1))]
    assert "الرقم التسلسلي" in " ".join(str(v) for v in header)
    assert len(book.worksheets) == 2
    assert client.get("/registry/imports/guide/").status_code == 200
    assert signed_in_client("analyst").get("/registry/imports/guide/").status_code == 403


def test_record_numbers_are_compared_without_regard_to_case(tmp_path: Path) -> None:
    from salw.registry.services.stockpiles import resolve_weapons
    from salw.registry.testing import pistol

    keeper = user("peru.records")
    first = _write(
        tmp_path / "a.csv",
        FRENCH,
        [
            ["PE-2026-0001", "Pistolet", "A-1", "", "", "", "", ""],
            ["pe-2026-0001", "Pistolet", "A-2", "", "", "", "", ""],
        ],
    )
    run = import_register(first, actor=keeper, language="en")
    assert (run.rows_imported, run.rows_bad) == (1, 1)
    assert "row 2 of the file" in run.problems.get().reason
    again = _write(
        tmp_path / "b.csv", FRENCH, [["Pe-2026-0001", "Pistolet", "A-3", "", "", "", "", ""]]
    )
    run = import_register(again, actor=keeper, language="en")
    assert run.problems.get().reason.startswith(
        "changed, not applied: the register has “A-1”, the file “A-3”; no event records a "
        "change of Serial number"
    )
    with pytest.raises(ValidationError) as refused:
        pistol("peru.records", serial="A-4", source_ref="pe-2026-0001")
    assert "source_ref" in refused.value.message_dict
    found = resolve_weapons(keeper.state_id, ["pE-2026-0001"])
    assert [w.source_ref for w in found.weapons] == ["PE-2026-0001"]
    assert Weapon.objects.count() == 1


def test_a_corrected_file_imported_again_applies_only_real_changes(tmp_path: Path) -> None:
    from salw.registry.choices import EventKind, WeaponStatus
    from salw.registry.models import WeaponEvent
    from salw.registry.services import create_site

    keeper = user("peru.records")
    create_site(actor=keeper, code="LIM-01", name="Callao")
    depot = create_site(actor=keeper, code="CUS-02", name="Cusco")
    header = [*FRENCH, "Site"]
    rows = [
        [f"PE-{n}", "Pistolet", f"S-{n}", "Glock", "", "", "2001", "AUT", "LIM-01"]
        for n in range(1, 6)
    ]
    import_register(_write(tmp_path / "v1.csv", header, rows), actor=keeper)
    rows[1][8] = "CUS-02"  # moved to Cusco since
    rows[2][1] = "Revolver"  # a real disagreement: reported, not applied
    rows.append(["PE-6", "Pistolet", "S-6", "", "", "", "", "", "CUS-02"])  # new
    run = import_register(_write(tmp_path / "v2.csv", header, rows), actor=keeper, language="fr")
    assert (run.rows_imported, run.rows_unchanged, run.rows_changed, run.rows_bad) == (1, 3, 1, 0)
    assert run.rows_not_applied == 1
    moved = Weapon.objects.get(source_ref="PE-2")
    assert (moved.status, moved.site_id) == (WeaponStatus.IN_STOCKPILE, depot.pk)
    assert list(moved.events.values_list("kind", flat=True)) == [
        EventKind.ENTERED_STOCKPILE,
        EventKind.SITE_MOVE,
    ]
    (problem,) = run.problems.all()
    assert (problem.row_number, problem.field) == (4, "weapon_type")
    assert problem.value == "Revolver"
    assert "modifiée, non appliquée : le registre indique « Pistolet »" in problem.reason
    assert Weapon.objects.get(source_ref="PE-3").weapon_type == WeaponType.PISTOL
    assert WeaponEvent.objects.count() == 7


@pytest.mark.parametrize(
    ("written", "code"),
    [("Autriche", "AUT"), ("Австрия", "AUT"), ("النمسا", "AUT"), ("奥地利", "AUT"),
     ("Bélgica", "BEL"), ("pe", "PER"), ("PER", "PER")],
)  # fmt: skip
def test_countries_are_read_as_codes_or_names_in_the_sites_languages(
    written: str, code: str
) -> None:
    from salw.registry.importer.columns import RowCleaner, map_columns

    mapping = map_columns(["Record number", "Type", "Serial", "Pays de fabrication"])
    row = RowCleaner(mapping)(2, ["PE-1", "pistol", "S-1", written])
    assert row.country == code


def test_a_register_without_record_numbers_uses_its_serials_for_both(tmp_path: Path) -> None:
    """A ministry's file with no national record number column (the walk's dead end): the
    serial's column may be chosen for the record number too, and each weapon gets its serial."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from salw.core.testing import signed_in_client

    rows = [["N° de série", "Type", "Fabricant"]] + [
        [f"{prefix}-{n:04d}/B", kind, maker]
        for n, (prefix, kind, maker) in enumerate(
            [
                ("PE", "Pistolet", "Glock"),
                ("AK", "Fusil d'assaut", "Kalachnikov"),
                ("X", "Fusil", "FN"),
            ]
        )
    ]
    body = "\n".join(";".join(row) for row in rows).encode("cp1252")
    with override_settings(VAR_DIR=tmp_path, REGISTRY_IMPORT_IN_BACKGROUND=False):
        client = signed_in_client("peru.records")
        client.post("/registry/imports/", {"file": SimpleUploadedFile("registre.csv", body)})
        chosen = {"record_number": "N° de série", "serial": "N° de série", "weapon_type": "Type",
                  "manufacturer": "Fabricant"}  # fmt: skip
        response = client.post("/registry/imports/map/", chosen)
        assert response.status_code == 302, response.content.decode()[-2000:]
        # Another column may still serve one field only.
        twice = {**chosen, "model": "Fabricant"}
        client.post("/registry/imports/", {"file": SimpleUploadedFile("autre.csv", body + b"\n")})
        assert client.post("/registry/imports/map/", twice).status_code == 400
    stored = set(Weapon.objects.filter(state__iso3="PER").values_list("source_ref", flat=True))
    assert {row[0] for row in rows[1:]} <= stored
