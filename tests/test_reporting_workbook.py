"""The offline workbook: export, import of a filled workbook, refusal of bad or hostile files."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.reporting import services
from salw.reporting.models import Report
from salw.reporting.workbook import WorkbookError, export_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


def _exported(report, language: str = "en"):  # type: ignore[no-untyped-def]
    data = export_workbook(report, services.answer_values(report), language)
    return load_workbook(io.BytesIO(data))


def _cell_of(book, qid: str):  # type: ignore[no-untyped-def]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == qid:
                return sheet, row[4]
    raise AssertionError(qid)


def _bytes(book) -> bytes:  # type: ignore[no-untyped-def]
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_export_has_a_sheet_per_section_with_drop_downs_in_the_language() -> None:
    book = _exported(start(), "fr")
    titles = book.sheetnames
    assert titles[0] == "salw" and "1 Infrastructure nationale de c" in titles  # 31 at most
    sheet, cell = _cell_of(book, "coordination_body")
    assert "Oui" in str(book["lists"]["A1"].value)
    assert sheet.data_validations.dataValidation, "choices come with a drop-down"


def test_a_filled_workbook_is_imported() -> None:
    report = start()
    book = _exported(report)
    _sheet, cell = _cell_of(book, "coordination_body")
    cell.value = "Yes"
    _sheet, cell = _cell_of(book, "coordination_body_women")
    cell.value = 5
    _sheet, cell = _cell_of(book, "manufacture_mark_content")
    cell.value = "Serial number; Country of manufacture"
    _sheet, cell = _cell_of(book, "poa_contact_details.email")
    cell.value = "npc@example.org"
    report = services.import_workbook(report, _bytes(book), actor=user("kenya.focal"))
    values = services.answer_values(report)
    assert values["coordination_body"] == "yes" and values["coordination_body_women"] == 5
    assert values["manufacture_mark_content"] == ["country", "serial"]
    assert values["poa_contact_details"]["email"] == "npc@example.org"


def test_one_bad_cell_refuses_the_workbook_and_names_the_cell() -> None:
    report = start()
    book = _exported(report)
    _sheet, good = _cell_of(book, "coordination_body")
    good.value = "Yes"
    sheet, bad = _cell_of(book, "coordination_body_women")
    bad.value = "lots"
    with pytest.raises(WorkbookError) as refused:
        services.import_workbook(report, _bytes(book), actor=user("kenya.focal"))
    assert f"{sheet.title}!{bad.coordinate}" in refused.value.problems[0]
    assert "whole number" in refused.value.problems[0]
    assert not report.answers.exists()


def test_formulas_and_unknown_choices_are_refused_by_cell() -> None:
    report = start()
    book = _exported(report)
    sheet, cell = _cell_of(book, "coordination_body_men")
    cell.value = "=1+1"
    _other, choice = _cell_of(book, "coordination_body")
    choice.value = "Perhaps"
    with pytest.raises(WorkbookError) as refused:
        services.import_workbook(report, _bytes(book), actor=user("kenya.focal"))
    text = " ".join(refused.value.problems)
    assert f"cell {cell.coordinate}: formulas are not accepted" in text
    assert "“Perhaps” is not one of the choices" in text
    assert not report.answers.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not a workbook", "not an XLSX workbook"),
        (b"x" * 5_000_001, "larger than 5 MB"),
    ],
)
def test_wrong_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(WorkbookError, match=message):
        services.import_workbook(start(), data, actor=user("kenya.focal"))


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 20_000_000)
    with pytest.raises(WorkbookError, match="too much data"):
        services.import_workbook(start(), buffer.getvalue(), actor=user("kenya.focal"))


def test_a_workbook_of_another_report_is_refused() -> None:
    kenya = start()
    book = _exported(kenya)
    peru = start("peru.focal")
    with pytest.raises(WorkbookError, match="another report"):
        services.import_workbook(peru, _bytes(book), actor=user("peru.focal"))


class TestWorkbookDownload(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        existing = Report.objects.filter(state__iso3="KEN", cycle__meeting__code="bms10").first()
        return f"/reports/{(existing or start()).pk}/workbook.xlsx"


def test_upload_page_refuses_a_bad_cell_and_keeps_the_draft() -> None:
    report = start()
    client = signed_in_client("kenya.focal")
    download = client.get(f"/reports/{report.pk}/workbook.xlsx")
    book = load_workbook(io.BytesIO(download.content))
    sheet, cell = _cell_of(book, "coordination_body_women")
    cell.value = "many"
    upload = SimpleUploadedFile("report.xlsx", _bytes(book))
    response = client.post(f"/reports/{report.pk}/workbook/", {"workbook": upload})
    assert response.status_code == 400
    assert f"{sheet.title}!{cell.coordinate}" in response.content.decode()
    assert not report.answers.exists()
    cell.value = 3
    upload = SimpleUploadedFile("report.xlsx", _bytes(book))
    assert client.post(f"/reports/{report.pk}/workbook/", {"workbook": upload}).status_code == 302
    assert services.answer_values(report)["coordination_body_women"] == 3


def test_cli_exports_and_imports_a_workbook(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command
    from django.core.management.base import CommandError

    report = start()
    path = tmp_path / "report.xlsx"
    call_command("reporting", "workbook-export", "KEN", "bms10", str(path), "--user", "kenya.focal")
    book = load_workbook(path)
    sheet, cell = _cell_of(book, "coordination_body_women")
    cell.value = "x"
    book.save(path)
    with pytest.raises(CommandError, match=f"{sheet.title}!{cell.coordinate}"):
        call_command(
            "reporting", "workbook-import", "KEN", "bms10", str(path), "--user", "kenya.focal"
        )
    cell.value = 2
    book.save(path)
    call_command("reporting", "workbook-import", "KEN", "bms10", str(path), "--user", "kenya.focal")
    assert services.answer_values(report)["coordination_body_women"] == 2
    with pytest.raises(CommandError, match="may not edit"):
        call_command(
            "reporting", "workbook-export", "KEN", "bms10", str(path), "--user", "peru.focal"
        )


@pytest.mark.parametrize(("language", "said"), [("en", "amend it"), ("ar", "عدِّله")])
def test_the_workbook_of_a_submitted_version_says_so_and_offers_the_amendment(
    language: str, said: str
) -> None:
    report = complete(start())
    services.submit_report(report, actor=user("kenya.focal"))
    client = signed_in_client("kenya.focal")
    for method, url in ((client.get, "workbook.xlsx"), (client.post, "workbook/")):
        response = method(f"/reports/{report.pk}/{url}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302
        assert response["Location"] == f"/reports/{report.pk}/"
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert said in page and "role does not allow" not in page
        assert f'action="/reports/{report.pk}/amend/"' in page
    amendment = services.amend_report(report, actor=user("kenya.focal"))
    drafting = client.get(f"/reports/{report.pk}/workbook.xlsx")
    assert drafting["Location"] == f"/reports/{amendment.pk}/"
    assert "version 2, is being drafted" in client.get(drafting["Location"]).content.decode()
    services.submit_report(amendment, actor=user("kenya.focal"))
    newer = client.get(f"/reports/{report.pk}/workbook.xlsx", follow=True)
    assert "a newer version exists" in newer.content.decode()
