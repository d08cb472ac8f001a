"""The offline workbook: a draft as an XLSX file (a sheet per section) and back.

Reading checks the file before openpyxl parses it: size, that it is a real XLSX zip, no macros,
no zip bomb (total and per-member uncompressed size, compression ratio); openpyxl parses XML
through defusedxml. Every cell is then checked; nothing is written unless the whole workbook is
valid (services.import_workbook saves all answers in one transaction).
"""

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from salw.core.downloads import set_cell, sheet_title, text_cell
from salw.core.uploads import check_zip_container
from salw.reporting.answers import normalise_text
from salw.reporting.choices import CONTACT_FIELDS, QuestionKind
from salw.reporting.models import Question, Report

MAX_BYTES = 5_000_000
MAX_UNCOMPRESSED = 50_000_000
META_SHEET = "salw"
LISTS_SHEET = "lists"
HEADER = ("id", "No.", "Source", "Question", "Answer")
TABLE_EXTRA_ROWS = 3
SEPARATOR = "; "


class WorkbookError(Exception):
    """The workbook is refused; `problems` names sheet, cell and reason for each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def export_workbook(report: Report, values: dict[str, Any], language: str) -> bytes:
    """The draft as XLSX: one sheet per section, drop-downs for choices, text in `language`."""
    texts = report.template.texts_in(language)
    book = Workbook()
    meta = book.active
    meta.title = META_SHEET
    meta.append(["report", report.pk])
    meta.append(["template", report.template.code])
    meta.append(["revision", report.revision])
    meta.append(["language", language])
    meta.append(
        [_("Fill in column E of each section sheet; do not change column A or this sheet.")]
    )
    meta.sheet_state = "hidden"
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_column = 0
    sheets: dict[int, Any] = {}
    for question in report.template.questions.select_related("section"):
        section = question.section
        sheet = sheets.get(section.pk)
        if sheet is None:
            sheet = book.create_sheet(
                sheet_title(f"{section.number} {texts.get(f'section:{section.key}', section.key)}")
            )
            sheet.append([str(h) for h in HEADER])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.column_dimensions["A"].hidden = True
            sheet.column_dimensions["D"].width = 70
            sheet.column_dimensions["E"].width = 50
            sheets[section.pk] = sheet
        value = values.get(question.qid)
        for row_id, label, cell_value in _rows(question, texts, value):
            if isinstance(cell_value, str):  # answers saved before text was normalised
                cell_value = normalise_text(cell_value)
            row = [row_id, question.number, question.source_ref, label, cell_value]
            sheet.append([text_cell(sheet, value) for value in row])
            sheet.cell(row=sheet.max_row, column=4).alignment = Alignment(wrap_text=True)
            if question.kind in (
                QuestionKind.YES_NO_DEVELOPING,
                QuestionKind.YES_NO,
                QuestionKind.SINGLE_CHOICE,
            ):
                list_column += 1
                letter = lists.cell(row=1, column=list_column).column_letter
                for index, option in enumerate(question.options, start=1):
                    set_cell(
                        lists.cell(row=index, column=list_column),
                        question.option_label(texts, option),
                    )
                rule = DataValidation(
                    type="list",
                    formula1=f"={LISTS_SHEET}!${letter}$1:${letter}${len(question.options)}",
                    allow_blank=True,
                )
                sheet.add_data_validation(rule)
                rule.add(sheet.cell(row=sheet.max_row, column=5))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _rows(question: Question, texts: dict[str, str], value: Any) -> list[tuple[str, str, Any]]:
    label = question.label(texts)
    if question.kind == QuestionKind.CONTACT:
        value = value or {}
        return [
            (f"{question.qid}.{part}", f"{label}: {part}", value.get(part, ""))
            for part in CONTACT_FIELDS
        ]
    if question.kind == QuestionKind.TABLE:
        columns = " | ".join(texts.get(f"col:{question.qid}:{c}", c) for c in question.columns)
        rows = list(value or []) + [{}] * TABLE_EXTRA_ROWS
        return [
            (
                f"{question.qid}#{index}",
                f"{label} ({columns})",
                " | ".join(row.get(c, "") for c in question.columns) if row else "",
            )
            for index, row in enumerate(rows, start=1)
        ]
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        choices = SEPARATOR.join(question.option_label(texts, o) for o in question.options)
        shown = SEPARATOR.join(question.option_label(texts, v) for v in value or [])
        return [(question.qid, f"{label} [{choices}]", shown)]
    if question.options:
        return [(question.qid, label, question.option_label(texts, value) if value else "")]
    if question.kind == QuestionKind.FILE:
        # Files stay on the server; the workbook carries the reference, and names the file.
        value = value or {}
        attached = f" [{value['name']}]" if value.get("name") else ""
        return [(question.qid, f"{label}{attached}", value.get("reference", ""))]
    return [(question.qid, label, value if value is not None else "")]


@dataclass
class WorkbookAnswers:
    """What a workbook says: answers by question id, the cell of each, and its revision."""

    report_id: int
    revision: int
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # question id → "sheet!E5"


def _check_container(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise WorkbookError([_("The file is larger than 5 MB.")])
    try:
        check_zip_container(
            io.BytesIO(data),
            max_uncompressed=MAX_UNCOMPRESSED,
            required=("[Content_Types].xml", "xl/workbook.xml"),
        )
    except ValidationError as refused:
        raise WorkbookError(refused.messages) from refused
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
            raise WorkbookError([_("Workbooks with macros are refused.")])


def read_workbook(data: bytes, report: Report) -> WorkbookAnswers:
    """Answers from a workbook exported for `report`; WorkbookError lists every bad cell."""
    _check_container(data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=False, keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise WorkbookError([_("The workbook cannot be read.")]) from error
    if META_SHEET not in book.sheetnames:
        raise WorkbookError([_("This workbook was not exported from salw for this report.")])
    meta = {row[0]: row[1] for row in book[META_SHEET].iter_rows(max_row=4, values_only=True)}
    if meta.get("report") != report.pk or meta.get("template") != report.template.code:
        raise WorkbookError([_("This workbook was exported for another report.")])
    texts = report.template.texts_in(str(meta.get("language") or "en"))
    questions = {q.qid: q for q in report.template.questions.all()}
    result = WorkbookAnswers(report.pk, int(meta.get("revision") or 0))
    problems: list[str] = []
    tables: dict[str, list[dict[str, str]]] = {}
    for sheet in book.worksheets:
        if sheet.title in (META_SHEET, LISTS_SHEET):
            continue
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    problems.append(
                        _cell(sheet.title, cell.coordinate, _("formulas are not accepted"))
                    )
            if len(row) < 5 or not row[0].value:
                continue
            row_id, cell = str(row[0].value), row[4]
            where = f"{sheet.title}!{cell.coordinate}"
            qid, part = _split_id(row_id)
            question = questions.get(qid)
            if question is None:
                problems.append(_cell(sheet.title, row[0].coordinate, _("unknown question id")))
                continue
            raw = cell.value
            if cell.data_type == "f":
                continue
            try:
                _store(result, tables, question, part, raw, texts)
            except ValueError as error:
                problems.append(_cell(sheet.title, cell.coordinate, str(error)))
                continue
            result.cells.setdefault(qid, where)
    result.values.update(tables)
    if problems:
        raise WorkbookError(problems)
    return result


def _cell(sheet: str, coordinate: str, reason: str) -> str:
    return _("Sheet “%(sheet)s”, cell %(cell)s: %(reason)s") % {
        "sheet": sheet,
        "cell": coordinate,
        "reason": reason,
    }


def _split_id(row_id: str) -> tuple[str, str]:
    for mark in (".", "#"):
        if mark in row_id:
            qid, part = row_id.split(mark, 1)
            return qid, part
    return row_id, ""


def _option(question: Question, texts: dict[str, str], label: str) -> str:
    label = label.strip()
    for option in question.options:
        if label in (option, question.option_label(texts, option)):
            return option
    raise ValueError(_("“%(value)s” is not one of the choices.") % {"value": label})


def _store(
    result: WorkbookAnswers,
    tables: dict[str, list[dict[str, str]]],
    question: Question,
    part: str,
    raw: Any,
    texts: dict[str, str],
) -> None:
    text = "" if raw is None else str(raw)
    if question.kind == QuestionKind.CONTACT:
        result.values.setdefault(question.qid, {})[part] = text
    elif question.kind == QuestionKind.TABLE:
        cells = [c.strip() for c in text.split("|")] if text.strip() else []
        if len(cells) > len(question.columns):
            raise ValueError(
                ngettext(
                    "give at most %(count)s value separated by |",
                    "give at most %(count)s values separated by |",
                    len(question.columns),
                )
                % {"count": len(question.columns)}
            )
        if cells:
            tables.setdefault(question.qid, []).append(
                dict(zip(question.columns, cells, strict=False))
            )
        else:
            tables.setdefault(question.qid, [])
    elif question.kind == QuestionKind.MULTIPLE_CHOICE:
        labels = [v for v in text.split(";") if v.strip()]
        result.values[question.qid] = [_option(question, texts, v) for v in labels]
    elif question.options:
        result.values[question.qid] = _option(question, texts, text) if text.strip() else None
    elif isinstance(raw, float) and raw.is_integer() and question.kind == QuestionKind.INTEGER:
        result.values[question.qid] = int(raw)
    elif hasattr(raw, "date") and question.kind == QuestionKind.DATE:
        result.values[question.qid] = raw.date().isoformat()
    else:
        result.values[question.qid] = raw if isinstance(raw, int | float) else text
