"""Files the product writes and serves: one way to name a download, one way to write a table.

Every download view names its file with `attach` (RFC 6266: an ASCII `filename` for old
clients and a UTF-8 `filename*`, so an attachment called «Отчёт 2026.pdf» or «报告.pdf» keeps
its name). Every CSV and XLSX the product writes goes through `write_csv`, `csv_lines` or
`xlsx_bytes`/`text_cell`, which neutralise cells a spreadsheet would run as formulas (OWASP,
"CSV injection"):

- CSV: a text value beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
  prefixed with an apostrophe, which spreadsheets show as text; numbers, and text that is only a
  number ("-12.5"), stay numbers. Files start with a UTF-8 byte order mark so that Excel reads
  them as UTF-8 whatever the user's locale.
- XLSX: cells are typed, so every text value is written as a text cell, never as a formula, and
  comes back unchanged; characters XML cannot carry (U+0000-U+001F other than tab and line
  breaks) are left out instead of failing the whole file.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, TextIO, TypeVar
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BYTE_ORDER_MARK = "\ufeff"
# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)")
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
_NOT_PORTABLE = re.compile(r"[^A-Za-z0-9._()\- ]+")
TABLE_FORMATS = ("csv", "xlsx")
R = TypeVar("R", bound=HttpResponseBase)


# --- naming a download -------------------------------------------------------------------------


def clean_filename(filename: str) -> str:
    """The name without folders, control characters or characters file systems refuse."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .")
    return name or "download"


def ascii_filename(filename: str) -> str:
    """A plain-ASCII stand-in for clients that do not read `filename*`: accents dropped,
    other letters replaced, the extension kept."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    decomposed = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = _NOT_PORTABLE.sub("_", decomposed).strip(" ._") or "download"
    extension = _NOT_PORTABLE.sub("", extension)
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The Content-Disposition header of RFC 6266 for `filename`, in any script."""
    name = clean_filename(filename)
    fallback = ascii_filename(name)
    header = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def attach(response: R, filename: str, *, inline: bool = False) -> R:
    """Name the response's file (downloaded, or shown when `inline`) and forbid sniffing."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- writing a table ---------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows and never runs; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        return format(value, "f")  # 10000, never 1E+4
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(rows: Iterable[Sequence[Any]], handle: TextIO, *, bom: bool = True) -> int:
    """Write `rows` (the first being the header) to a text file; returns the number of rows
    after the header."""
    if bom:
        handle.write(BYTE_ORDER_MARK)
    writer = csv.writer(handle)
    written = -1
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        written += 1
    return max(written, 0)


def csv_lines(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Iterator[str]:
    """The CSV text of `rows`, a line at a time (for streaming responses)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        yield BYTE_ORDER_MARK
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_text(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> str:
    return "".join(csv_lines(rows, bom=bom))


def set_cell(cell: Any, value: Any) -> Any:
    """Put `value` in an XLSX cell: numbers, dates and booleans typed as such, anything else as
    text (never a formula nor an error code) without the characters XML cannot hold."""
    if isinstance(value, Decimal):
        value = float(value)  # XLSX numbers are doubles
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)  # XLSX has no time zones; UTC
    if value is None or isinstance(value, bool | int | float | date | time):
        cell.value = value
        return cell
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"  # text: openpyxl would make "=..." a formula, "#N/A" an error
    return cell


def text_cell(sheet: Any, value: Any) -> Any:
    """A new cell of `sheet` holding `value` as `set_cell` puts it, for `sheet.append`."""
    return set_cell(WriteOnlyCell(sheet), value)


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: 31 characters at most, none of []:*?/\\."""
    cleaned = "".join(c for c in title if c not in "[]:*?/\\")
    return ILLEGAL_CHARACTERS_RE.sub("", cleaned).strip("'")[:31] or "Sheet"


def xlsx_bytes(rows: Iterable[Sequence[Any]], *, title: str = "Sheet") -> bytes:
    """`rows` (the first being the header) as a one-sheet XLSX workbook."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title))
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# --- serving a table ---------------------------------------------------------------------------


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> StreamingHttpResponse:
    """`rows` downloaded as `filename`.csv, streamed."""
    response = StreamingHttpResponse(csv_lines(rows), content_type=CSV_CONTENT_TYPE)
    return attach(response, f"{filename}.csv")


def xlsx_response(rows: Iterable[Sequence[Any]], filename: str, *, title: str) -> HttpResponse:
    """`rows` downloaded as `filename`.xlsx, one sheet called `title`."""
    response = HttpResponse(xlsx_bytes(rows, title=title), content_type=XLSX_CONTENT_TYPE)
    return attach(response, f"{filename}.xlsx")


def table_format(request: HttpRequest) -> str | None:
    """The table file asked for with `?format=csv` or `?format=xlsx`, if any."""
    asked = request.GET.get("format", "")
    return asked if asked in TABLE_FORMATS else None


def table_response(
    rows: Iterable[Sequence[Any]], filename: str, file_format: str, *, title: str
) -> HttpResponseBase:
    """The same table as CSV or as XLSX: every table download offers both."""
    if file_format == "xlsx":
        return xlsx_response(rows, filename, title=title)
    return csv_response(rows, filename)
