"""A corpus of the files ministries really have and of files an attacker would send, generated
here, run through every door that takes a file: the registry import (service, command, page and
API), the national-report workbook upload, report attachments and the photos of marks and of
traced weapons. For each: the answer, the status, nothing stored by a refused file (row counts
and the change-log head), and the memory a fresh process needs to refuse it (≤ 200 MB).
"""

import codecs
import csv
import io
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import Workbook
from PIL import Image
from tests.reporting_fixtures import english, shipped_templates, start
from tests.tracing_fixtures import kenya_request, registries

from salw.core.changelog import head_hash
from salw.core.models import ChangeLog
from salw.core.testing import signed_in_client, token_client
from salw.registry.importer.readers import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_LINE_CHARS
from salw.registry.importer.run import import_register
from salw.registry.models import (
    Component,
    ImportProblem,
    ImportRun,
    Marking,
    MarkingPhoto,
    Weapon,
)
from salw.registry.testing import pistol, user
from salw.reporting.models import ReportFile
from salw.tracing.models_photos import RequestPhoto

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]

KEEPER = "kenya.records"
MEMORY_LIMIT_MB = 200
HEADER = ["Record number", "Type", "Serial No", "Make", "Model", "Calibre", "Year", "Country"]


# --- the corpus --------------------------------------------------------------------------------


def _excel_csv(rows: list[list[str]], *, encoding: str, delimiter: str) -> bytes:
    """A CSV as Excel writes it: CRLF line ends, the locale's separator, its code page (and a
    BOM for "CSV UTF-8" and "Unicode text")."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER, *rows])
    text = buffer.getvalue()
    if encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(encoding)


ACCENTED = [
    ["FR-2024/001", "rifle", "MAS-49/56-0012", "Manufacture d’armes de Saint-Étienne",
     "MAS 49/56 à lunette", "7,5×54 mm", "1957", "FRA"],
    ["ES-2024/002", "pistol", "LL-82-114", "Llama Gabilondo y Cía", "Mágnum Año 1982", "9×19",
     "1982", "ESP"],
    ["FR-2024/003", "pistol", "MR-73-889", "Manurhin — Société", "MR 73 « Gendarmerie »",
     ".357 Magnum", "1990", "FRA"],
]  # fmt: skip
WORLD = [
    ["RU-2024/001", "rifle", "АК-1974-5561", "Ижевский механический завод", "АК-74М",
     "5,45×39", "1991", "RUS"],
    ["EG-2024/002", "rifle", "EG/77-3001", "مصنع المعادي للصناعات الهندسية", "مسدس حلوان",
     "9×19", "1977", "EGY"],
    ["CN-2024/003", "rifle", "CN-56-000173", "中国北方工业公司", "56式步枪", "7.62×39", "1986",
     "CHN"],
]  # fmt: skip


def _good_row(n: int) -> list[str]:
    return [
        f"KE-HF-{n:04d}",
        "pistol",
        f"SN/HF-{n:04d}",
        "Glock",
        "Glock 17",
        "9x19",
        "2010",
        "AUT",
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """An .xlsx-shaped zip whose sheet inflates 1,000 times: 200 MB of zeros in 200 kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range(200):
                member.write(block)
    return buffer.getvalue()


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _png(width: int = 60, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "grey").save(buffer, "PNG")
    return buffer.getvalue()


def _png_bomb(width: int, height: int) -> bytes:
    """A PNG that declares a huge canvas in its header; its data is a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024, 9))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _write_big(path: Path, parts: Callable[[], object]) -> Path:
    with path.open("wb") as handle:
        for part in parts():  # type: ignore[attr-defined]
            handle.write(part)
    return path


def _huge_field() -> object:
    yield b"Record number,Type,Serial No\r\nKE-1,pistol,"
    for _ in range(20):
        yield b"A" * (1 << 20)  # one 20 MB serial on one line
    yield b"\r\n"


def _huge_line() -> object:
    for _ in range(60):
        yield b"x," * (1 << 19)  # 60 MB and no line end


def _long_quoted_value() -> object:
    yield b'Record number,Type,Serial No\r\nKE-1,pistol,"'
    for _ in range(20_000):
        yield b"a short line inside one quoted value\r\n"  # no line is long, the value is
    yield b'"\r\n'


# (file name, content, where it is refused: the message that names the problem)
REFUSED_REGISTERS: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "stray-byte.csv",
        lambda d: _put(
            d / "stray-byte.csv",
            _excel_csv(WORLD[:2], encoding="utf-8-sig", delimiter=",")
            + "KE-9,pistol,ЖЖ-1,Тула,ТТ,7.62,1950,RUS\r\n".encode()
            + b"KE-10,pistol,AB\xff12,Glock,G17,9x19,2010,AUT\r\n",
        ),
        "Line 5 cannot be read as utf-8",
    ),
    ("field-20mb.csv", lambda d: _write_big(d / "field-20mb.csv", _huge_field), "Line 2 is longer"),
    ("huge-line.csv", lambda d: _write_big(d / "huge-line.csv", _huge_line), "Line 1 is longer"),
    (
        "long-quoted-value.csv",
        lambda d: _write_big(d / "long-quoted-value.csv", _long_quoted_value),
        f"Line 2 cannot be read: a value is longer than {MAX_FIELD_CHARS}",
    ),
    (
        "columns-10000.csv",
        lambda d: _put(
            d / "columns-10000.csv",
            (",".join(HEADER + [f"c{n}" for n in range(10_000)]) + "\r\n").encode(),
        ),
        f"Line 1 has more than {MAX_COLUMNS} columns",
    ),
    (
        "not-a-zip.xlsx",
        lambda d: _put(d / "not-a-zip.xlsx", HTML),
        "This is not an XLSX workbook",
    ),
    (
        "truncated.xlsx",
        lambda d: _put(d / "truncated.xlsx", _workbook({"Register": [HEADER]})[:1500]),
        "This is not an XLSX workbook",
    ),
    (
        "document.xlsx",
        lambda d: _put(
            d / "document.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        ),
        "This is not an XLSX workbook",
    ),
    ("zip-bomb.xlsx", lambda d: _put(d / "zip-bomb.xlsx", _zip_bomb()), "too much data"),
    (
        "columns-600.xlsx",
        lambda d: _put(
            d / "columns-600.xlsx",
            _workbook({"Register": [HEADER + [f"c{n}" for n in range(600)], _good_row(1)]}),
        ),
        f"Line 1 has more than {MAX_COLUMNS} columns",
    ),
    # A workbook whose first sheet is empty or a cover is not refused: the register's sheet is
    # found past it (tests/test_registry_import_sheets.py).
    ("register.pdf", lambda d: _put(d / "register.pdf", b"%PDF-1.7\n"), "Only CSV and XLSX"),
]


def _put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- what "nothing stored" means ---------------------------------------------------------------


def _stored() -> tuple[object, ...]:
    models = (Weapon, Component, Marking, ImportRun, ImportProblem, MarkingPhoto, RequestPhoto)
    counts = tuple(model.objects.count() for model in models)  # type: ignore[attr-defined]
    return (*counts, ReportFile.objects.count(), ChangeLog.objects.count(), head_hash())


# --- memory: a fresh process reads each file as the import does --------------------------------

_READ_ONE = """
import sys, django
django.setup()
from django.core.exceptions import ValidationError
from salw.registry.importer.columns import map_columns
from salw.registry.importer.readers import iter_rows
from salw.reporting.workbook import WorkbookError, _check_container
from salw.core.uploads import check_image
from django.core.files import File
path, kind = __import__("pathlib").Path(sys.argv[1]), sys.argv[2]
try:
    if kind == "image":
        with path.open("rb") as handle:
            check_image(File(handle, name=path.name))
    elif kind == "report-workbook":
        _check_container(path.read_bytes())  # the view reads the upload whole, up to 5 MB
    else:
        rows = iter_rows(path)
        map_columns(next(rows))
        for _row in rows:
            pass
except (ValidationError, WorkbookError) as refused:
    print("; ".join(getattr(refused, "messages", None) or refused.problems))
    status = 3
else:
    status = 0
# The high-water mark of this program's own memory (ru_maxrss would count the forked parent).
with open("/proc/self/status") as own:
    print([line.split()[1] for line in own if line.startswith("VmHWM:")][0])
sys.exit(status)
"""


def _peak_memory_of_reading(path: Path, kind: str = "register") -> tuple[int, str, float]:
    """(exit status, what was printed, peak RSS in MB) of a fresh process reading the file as
    a register, an image or a report workbook."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "salw.settings", "LANG": "C.UTF-8"}
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(  # noqa: S603 our own interpreter and script
            [sys.executable, "-c", _READ_ONE, str(path), kind],
            stdout=out,
            stderr=out,
            env=environment,
        )
        status = process.wait()
        out.seek(0)
        printed = out.read().decode(errors="replace").strip()
    printed, _, peak_kb = printed.rpartition("\n")
    return status, printed, int(peak_kb) / 1024


# --- the registry import: service, command, page, API ------------------------------------------


@pytest.mark.parametrize(("name", "make", "message"), REFUSED_REGISTERS)
def test_a_refused_register_is_refused_by_every_door_in_bounded_memory(
    tmp_path: Path, name: str, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    keeper = user(KEEPER)
    page_client, api_client = signed_in_client(KEEPER), token_client(KEEPER)  # signing in is logged
    before = _stored()

    with pytest.raises(ValidationError) as service:
        import_register(path, actor=keeper)
    assert message in " ".join(service.value.messages)

    with pytest.raises(CommandError, match=message) as command:  # the command exits with 1
        call_command("registry", "import", str(path), "--no-progress", "--as", KEEPER)
    assert str(command.value).startswith(f"{path}: ")

    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        with path.open("rb") as handle:
            page = page_client.post("/registry/imports/", {"file": handle})
        mapping_step = page.status_code == 302 and page["Location"] == "/registry/imports/map/"
        if mapping_step:  # readable, but its columns are not the register's: the step says so
            page = page_client.post("/registry/imports/map/", {})
        assert page.status_code == 400
        assert message in page.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
        with path.open("rb") as handle:
            api = api_client.post("/api/registry/imports/", {"file": handle}, format="multipart")
        assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
        assert message in str(api.json())
        # A file waiting on its mapping step stays until the officer maps or replaces it.
        if not mapping_step:
            assert not any((tmp_path / "var").rglob("*.*")), "a refused upload was left on disk"

    assert _stored() == before

    status, printed, peak_mb = _peak_memory_of_reading(path)
    assert status == 3 and message in printed, printed
    assert peak_mb <= MEMORY_LIMIT_MB, f"{name}: {peak_mb:.0f} MB to refuse"


def test_excel_code_page_and_unicode_text_arrive_intact(tmp_path: Path) -> None:
    french = _put(tmp_path / "registre.csv", _excel_csv(ACCENTED, encoding="cp1252", delimiter=";"))
    unicode_text = _put(
        tmp_path / "register.txt", _excel_csv(WORLD, encoding="utf-16-le", delimiter="\t")
    )
    with_bom = _put(
        tmp_path / "bom.csv", _excel_csv([_good_row(1)], encoding="utf-8-sig", delimiter=",")
    )
    keeper = user(KEEPER)
    for path, rows, encoding in (
        (french, ACCENTED, "cp1252"),
        (unicode_text, WORLD, "utf-16"),
        (with_bom, [_good_row(1)], "utf-8"),
    ):
        out = io.StringIO()
        call_command("registry", "import", str(path), "--no-progress", "--as", KEEPER, stdout=out)
        shown = out.getvalue()
        assert f"is read as {encoding}" in shown and f"({encoding}):" in shown, shown
        run = ImportRun.objects.get(file_name=path.name)
        assert (run.encoding, run.rows_imported, run.rows_bad) == (encoding, len(rows), 0)
        for row in rows:
            weapon = Weapon.objects.get(source_ref=row[0])
            assert (weapon.manufacturer_text, weapon.model_text) == (row[3], row[4])
            mark = Marking.objects.get(component__weapon=weapon)
            assert mark.text_as_read == row[2]
    assert keeper.state_id == Weapon.objects.get(source_ref="CN-2024/003").state_id


def _ascii_first_then_accents(stem: str) -> tuple[bytes, list[list[str]]]:
    """A French ministry's register saved by Excel in Windows-1252: its first megabyte and more
    is plain ASCII (imported rifles with English names), the accents come after it."""
    plain = [
        [f"{stem}-{n:05d}", "rifle", f"SN/{stem}-{n:05d}", "Fabrique Nationale Herstal",
         "FN FAL 50.00 Standard Rifle, fixed stock, Belgian Army pattern" + " issue" * 8,
         "7.62x51 mm NATO", "1975", "BEL"]
        for n in range(1, 6000)
    ]  # fmt: skip
    accented = [
        [f"{stem}-{90000 + n}", *row[1:]]
        for n, row in enumerate([*ACCENTED, ["x", "pistol", "PA-15-0451", "Manufacture d’Armes "
                                 "de Saint-Étienne", "PA 15 « Police nationale »", "9×19",
                                 "1980", "FRA"]])
    ]  # fmt: skip
    for row in accented:
        row[2] = f"{row[2]}-{stem}"
    data = _excel_csv([*plain, *accented], encoding="cp1252", delimiter=";")
    assert data[: 1 << 20].isascii() and not data.isascii()
    return data, accented


def test_accents_after_the_first_megabyte_are_read_in_the_files_code_page(tmp_path: Path) -> None:
    keeper = user(KEEPER)
    mapping = {"record_number": "Record number", "weapon_type": "Type", "serial": "Serial No",
               "manufacturer": "Make", "model": "Model", "calibre": "Calibre",
               "year_of_manufacture": "Year", "country_of_manufacture": "Country"}  # fmt: skip

    def arrived(accented: list[list[str]]) -> None:
        for row in accented:
            weapon = Weapon.objects.get(source_ref=row[0])
            assert (weapon.manufacturer_text, weapon.model_text) == (row[3], row[4])
            assert Marking.objects.get(component__weapon=weapon).text_as_read == row[2]

    # The service.
    data, accented = _ascii_first_then_accents("SVC")
    run = import_register(_put(tmp_path / "registre-svc.csv", data), actor=keeper, mapping=mapping)
    assert (run.encoding, run.rows_bad, run.rows_imported) == ("cp1252", 0, 5999 + 4)
    arrived(accented)

    # The command line says which encoding it used.
    data, accented = _ascii_first_then_accents("CLI")
    out = io.StringIO()
    path = _put(tmp_path / "registre-cli.csv", data)
    call_command("registry", "import", str(path), "--no-progress", "--as", KEEPER, stdout=out)
    assert "is read as cp1252" in out.getvalue() and "(cp1252):" in out.getvalue()
    arrived(accented)

    # The page says it on the mapping step, before anything is imported.
    data, accented = _ascii_first_then_accents("WEB")
    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        client = signed_in_client(KEEPER)
        upload = SimpleUploadedFile("registre-web.csv", data, content_type="text/csv")
        assert client.post("/registry/imports/", {"file": upload}).status_code == 302
        assert "Read as cp1252." in client.get("/registry/imports/map/").content.decode()
        assert client.post("/registry/imports/map/", mapping).status_code == 302
    run = ImportRun.objects.get(file_name="registre-web.csv")
    assert (run.encoding, run.rows_bad) == ("cp1252", 0)
    arrived(accented)


def test_a_file_of_plain_ascii_throughout_is_utf8(tmp_path: Path) -> None:
    from salw.registry.importer.readers import detect_encoding

    path = _put(tmp_path / "ascii.csv", _excel_csv([_good_row(n) for n in range(1, 20000)],
                                                      encoding="ascii", delimiter=","))  # fmt: skip
    assert path.stat().st_size > 1 << 20
    assert detect_encoding(path) == "utf-8"
    # UTF-8 accents after the first megabyte stay UTF-8.
    utf8 = _put(
        tmp_path / "late-utf8.csv",
        path.read_bytes() + "KE-9,pistol,É-1,Éts,Modèle,9,2001,FRA\r\n".encode(),
    )
    assert detect_encoding(utf8) == "utf-8"


def test_a_chosen_encoding_is_used_and_an_unknown_one_refused(tmp_path: Path) -> None:
    cyrillic = [
        ["RU-1", "rifle", "АК-1", "Тульский оружейный завод", "ТОЗ-34", "12", "1980", "RUS"]
    ]
    path = _put(tmp_path / "cp1251.csv", _excel_csv(cyrillic, encoding="cp1251", delimiter=";"))
    with override_settings(VAR_DIR=tmp_path / "var", REGISTRY_IMPORT_IN_BACKGROUND=False):
        with path.open("rb") as handle:
            api = token_client(KEEPER).post(
                "/api/registry/imports/",
                {"file": handle, "encoding": "cp1251"},
                format="multipart",
            )
        assert api.status_code == 201, api.content
        assert api.json()["encoding"] == "cp1251"
        assert Weapon.objects.get(source_ref="RU-1").manufacturer_text == cyrillic[0][3]
        with path.open("rb") as handle:
            refused = token_client(KEEPER).post(
                "/api/registry/imports/",
                {"file": handle, "encoding": "ebcdic"},
                format="multipart",
            )
        assert refused.status_code == 400
        # The page offers the same choice; the first import of this file is found again.
        keeper_page = signed_in_client(KEEPER)
        with path.open("rb") as handle:
            page = keeper_page.post("/registry/imports/", {"file": handle, "encoding": "cp1251"})
        assert page.status_code == 302  # to the mapping step, which says how the file is read
        shown = keeper_page.get(page["Location"]).content.decode()
        assert "Read as cp1251." in shown and "Тульский оружейный завод" in shown
    with pytest.raises(CommandError):
        call_command("registry", "import", str(path), "--encoding", "ebcdic", "--as", KEEPER)


def test_hidden_characters_are_bad_rows_and_formulas_stay_text(tmp_path: Path) -> None:
    rows = [
        ["KE-NUL", "pistol", "AB\x0012", "Glock", "G17", "9x19", "2010", "AUT"],
        ["KE-RLO", "pistol", "AB\u202e321", "Glock", "G17", "9x19", "2010", "AUT"],
        ["KE\u200b-ZWSP", "pistol", "ZW-1", "Glock", "G17", "9x19", "2010", "AUT"],
        ["KE-LRI", "pistol", "LR-1", "Glock", "G17", "9x19", "2010", "AUT"],
        ['=HYPERLINK("http://x")', "pistol", "+1-2", "@SUM(A1)", "-2+3", "9x19", "", ""],
        ["KE-WORD", "pistol", "WD-77", "Colt\u00ad’s\x0b Manufacturing\u200e", "M1911", "", "", ""],
    ]
    rows[3][2] = "LR\u2066-1\u2069"
    path = _put(tmp_path / "hidden.csv", _excel_csv(rows, encoding="utf-8-sig", delimiter=","))
    run = import_register(path, actor=user(KEEPER))
    assert (run.rows_imported, run.rows_bad) == (2, 4)
    problems = {p.row_number: (p.field, p.reason) for p in run.problems.all()}
    values = {p.row_number: p.value for p in run.problems.all()}
    assert (values[2], values[3]) == ("AB<U+0000>12", "AB<U+202E>321")  # shown, not hidden
    assert problems[2] == (
        "serial",
        "contains a hidden or control character (U+0000 at position 3)",
    )
    assert problems[3][1].startswith("contains a hidden or control character (U+202E")
    assert problems[4][0] == "record_number" and "U+200B" in problems[4][1]
    assert "U+2066" in problems[5][1]
    formula = Weapon.objects.get(source_ref='=HYPERLINK("http://x")')
    assert (formula.manufacturer_text, formula.model_text) == ("@SUM(A1)", "-2+3")
    word = Weapon.objects.get(source_ref="KE-WORD")
    assert word.manufacturer_text == "Colt’s Manufacturing"  # soft hyphen, VT and LRM gone


def test_the_register_form_and_api_refuse_the_same_hidden_characters() -> None:
    client, page_client = token_client(KEEPER), signed_in_client(KEEPER)
    before = _stored()
    for serial in ("AB\x0012", "AB\u202e321", "A\u200bB1"):
        body = {
            "weapon_type": "pistol",
            "components": [
                {
                    "kind": "frame",
                    "is_reference": True,
                    "markings": [{"kind": "manufacture", "text_as_read": serial}],
                }
            ],
        }
        response = client.post("/api/registry/weapons/", body, format="json")
        assert response.status_code == 400, response.content
        # DRF refuses NUL itself ("Null characters are not allowed"); the rest is ours.
        if "\x00" not in serial:
            assert "hidden or control character" in response.content.decode()
    page = page_client.post(
        "/registry/weapons/new/",
        {
            "weapon_type": "pistol",
            "reference_kind": "frame",
            "mark_kind": "manufacture",
            "text_as_read": "AB\u202e321",
            "material": "metal",
        },
    )
    assert page.status_code in (200, 400)
    assert "hidden or control character" in page.content.decode()
    assert _stored() == before


# --- images: photos of marks and of traced weapons ---------------------------------------------

IMAGES = [
    ("truncated.png", _png()[:60], "not an image"),
    ("bomb.png", _png_bomb(50_000, 50_000), "too many pixels"),
    ("big-canvas.png", _png_bomb(8_000, 8_000), "too many pixels"),
    ("drawing.png", SVG, "not an image"),
    ("page.png", HTML, "not an image"),
    ("mark.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not an image"),
]


@pytest.mark.parametrize(("name", "data", "message"), IMAGES)
def test_a_bad_image_is_refused_as_a_photo_of_a_mark_and_of_a_traced_weapon(
    settings: object, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    registries()
    mark = Marking.objects.filter(component__weapon=pistol(serial="KE-PH-1")).first()
    request = kenya_request()
    client = signed_in_client(KEEPER)
    before = _stored()
    for url in (f"/registry/marks/{mark.pk}/photos/", f"/tracing/requests/{request.pk}/photos/"):
        upload = SimpleUploadedFile(name, data, content_type="image/png")
        # The mark's page answers 400 with the form; the request's redirects to its page
        # with the refusal as a message (not followed here: viewing a request is logged).
        response = client.post(url, {"image": upload, "caption": "worn"})
        if "/registry/" in url:
            assert response.status_code == 400
            assert message in response.content.decode()
        else:
            assert response.status_code == 302
            shown = [str(note) for note in get_messages(response.wsgi_request)]
            assert any(message in note for note in shown), shown
    assert _stored() == before
    assert not any(tmp_path.rglob("*.png"))
    status, printed, peak_mb = _peak_memory_of_reading(_put(tmp_path / name, data), "image")
    assert status == 3 and message in printed, printed
    assert peak_mb <= MEMORY_LIMIT_MB, f"{name}: {peak_mb:.0f} MB to refuse"


# --- the national-report workbook and report attachments ---------------------------------------

WORKBOOKS = [
    ("not-a-zip.xlsx", HTML, "This is not an XLSX workbook"),
    ("zip-bomb.xlsx", None, "too much data"),
    ("document.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "word/a.xml": b"<a/>"}), "XLSX"),
    ("empty.xlsx", _workbook({"Sheet": []}), "not exported from salw"),
]


@pytest.mark.parametrize(("name", "data", "message"), WORKBOOKS)
def test_a_bad_report_workbook_is_refused_and_the_draft_kept(
    tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    report = start()
    client = signed_in_client("kenya.focal")
    before = (_stored(), report.revision, report.answers.count())
    upload = SimpleUploadedFile(name, data if data is not None else _zip_bomb())
    response = client.post(f"/reports/{report.pk}/workbook/", {"workbook": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    path = tmp_path / name
    path.write_bytes(data if data is not None else _zip_bomb())
    with pytest.raises(CommandError, match=message):
        call_command(
            "reporting", "workbook-import", "KEN", "bms10", str(path), "--user", "kenya.focal"
        )
    report.refresh_from_db()
    assert (_stored(), report.revision, report.answers.count()) == before
    if data is None or not data.startswith(b"PK\x03\x04") or name == "document.xlsx":
        status, printed, peak_mb = _peak_memory_of_reading(path, "report-workbook")
        assert status == 3 and message in printed, printed
        assert peak_mb <= MEMORY_LIMIT_MB, f"{name}: {peak_mb:.0f} MB to refuse"


def test_attachments_are_recognised_by_content_and_named_without_hidden_characters() -> None:
    from salw.reporting import services

    report = start()
    for name, data in (("plan.pdf", HTML), ("plan.png", SVG), ("plan.pdf", b"MZ\x90\x00")):
        with pytest.raises(ValidationError):
            services.save_answers_with_files(
                report,
                {"national_action_plan": "yes"},
                {"national_action_plan_file": (name, data)},
                base_revision=report.revision,
                actor=user("kenya.focal"),
            )
    assert not report.files.exists()
    services.save_answers_with_files(
        report,
        {"national_action_plan": "yes"},
        {"national_action_plan_file": ("nap\u202efdp.exe", b"%PDF-1.7\n")},
        base_revision=report.revision,
        actor=user("kenya.focal"),
    )
    assert report.files.get().name == "napfdp.exe"


def test_the_limits_are_those_documented() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "input-files.md").read_text()
    for limit in (MAX_LINE_CHARS, MAX_FIELD_CHARS, MAX_COLUMNS):
        assert f"{limit:,}" in text


def test_the_hidden_character_search_covers_exactly_the_hidden_categories() -> None:
    """The one search that finds hidden characters agrees with the Unicode tables on every code
    point: the categories it stands for, nothing more (a serial in any script passes)."""
    import sys
    import unicodedata

    from salw.core.text import HIDDEN_CATEGORIES, hidden_character

    disagree = [
        code
        for code in range(0x80, sys.maxunicode + 1)
        if (hidden_character(chr(code)) is not None)
        != (unicodedata.category(chr(code)) in HIDDEN_CATEGORIES)
    ]
    assert disagree == []
    assert hidden_character("АК-١٢٣/中\ud800") == (9, "U+D800")  # a lone surrogate, pasted


def test_one_rule_for_hidden_characters_and_one_for_cleaning() -> None:
    from salw.core.text import clean_text, hidden_character
    from salw.tracing.services import check_content

    for text, found in (
        ("AB-123/45", None),
        ("АВ-١٢٣ 中国", None),  # Cyrillic, Arabic-Indic digits, Chinese: shown as they are
        ("AB\u202e321", (3, "U+202E")),
        ("\u2067AB", (1, "U+2067")),
        ("A\u200dB", (2, "U+200D")),  # a joiner has no place in a serial
        ("AB\ufeff1", (3, "U+FEFF")),
        ("AB\u20281", (3, "U+2028")),
        ("AB\ue0001", (3, "U+E000")),
        ("AB\x7f", (3, "U+007F")),
    ):
        assert hidden_character(text) == found, text
    assert clean_text("  Cafe\u0301\u200b \u202eMüller\r\n") == "Café Müller"
    assert clean_text("می\u200cخواهم") == "می\u200cخواهم"  # Persian keeps its joiner
    assert clean_text("line one\r\nline\ttwo\x00", multiline=True) == "line one\nline\ttwo"
    with pytest.raises(ValidationError) as refused:
        check_content(
            {
                "illicit_grounds": ["unmarked"],
                "serial_as_read": "AB\u202e321",
                "intended_use": "investigation",
            }
        )
    assert "U+202E" in refused.value.message_dict["serial_as_read"][0]


def test_a_workbook_with_too_many_shared_strings_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salw.registry.importer import readers

    rows = [HEADER, *(_good_row(n) for n in range(1, 200))]
    path = _put(tmp_path / "strings.xlsx", _workbook({"Register": rows}))
    with zipfile.ZipFile(path, "a") as archive:  # as Excel writes text: once, shared
        strings = "".join(f"<si><t>{row[2]}</t></si>" for row in rows)
        archive.writestr("xl/sharedStrings.xml", f"<sst>{strings}</sst>")
    monkeypatch.setattr(readers, "XLSX_MAX_SHARED_STRINGS", 1000)  # a real one: 256 MB
    with pytest.raises(ValidationError, match="too much data"):
        import_register(path, actor=user(KEEPER))
    assert not Weapon.objects.exists()


def test_a_tracing_officer_cannot_import_and_leaves_no_file(tmp_path: Path) -> None:
    from salw.accounts.models import User
    from salw.accounts.services import create_user

    create_user(
        username="ke.tracer",
        organisation=User.objects.get(username=KEEPER).organisation,
        roles=["tracing_officer"],
    )
    path = _put(tmp_path / "r.csv", _excel_csv([_good_row(1)], encoding="utf-8", delimiter=","))
    with override_settings(VAR_DIR=tmp_path / "var"), path.open("rb") as handle:
        response = token_client("ke.tracer").post(
            "/api/registry/imports/", {"file": handle}, format="multipart"
        )
    assert response.status_code == 403
    assert not any((tmp_path / "var").rglob("*.*"))
    assert not Weapon.objects.exists()
