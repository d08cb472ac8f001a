"""Streaming readers: bytes → rows of text, one row at a time, whatever the size of the file.

Ministries send what Excel saves: CSV in UTF-8 (with or without BOM), "Unicode text" (UTF-16
with BOM, tab-separated), the Windows code page of their language (1252 in Western Europe and
Latin America, 1251 Cyrillic, 1256 Arabic, GB18030 Chinese), `;`-separated in French locales.
The encoding is detected from the first megabyte that is not plain ASCII (or given by the user)
and kept on the run: a register whose first ten thousand rows carry no accent still has its
accents read in the code page they were saved in.

Every limit below is declared once and refused with an error naming the line, so that a broken
or hostile file (a 20 MB field, a line without end, 10,000 columns, a zip bomb) is refused
quickly and in bounded memory, and nothing of it is written.
"""

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salw.core.uploads import check_zip_container

Row = list[str]

MAX_FILE_BYTES = 1024 * 2**20  # a register of ten million weapons fits
MAX_LINE_CHARS = 100_000
MAX_FIELD_CHARS = 10_000  # the longest column holds 200; a long note still passes
MAX_COLUMNS = 500
XLSX_MAX_UNCOMPRESSED = 4 * 2**30
XLSX_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
# openpyxl keeps a workbook's shared strings (every text cell's value, once) in memory even in
# read-only mode: about 100 MB of them for a register of a million weapons.
XLSX_MAX_SHARED_STRINGS = 256 * 2**20
DETECTION_SAMPLE = 1 << 20
READ_BLOCK = 1 << 20

# The encodings Excel and office suites write, offered on the page and `--encoding`;
# "" detects. Labels are the names the users see in Excel's "Save as" and "Import" dialogs,
# in the reader's language.
ENCODINGS: dict[str, object] = {
    "": gettext_lazy("Detect automatically"),
    "utf-8": "UTF-8",
    "utf-16": gettext_lazy("UTF-16 (Excel “Unicode text”)"),
    "cp1252": gettext_lazy("Windows-1252 (Western European)"),
    "latin-1": gettext_lazy("ISO-8859-1 (Latin-1)"),
    "cp1250": gettext_lazy("Windows-1250 (Central European)"),
    "cp1251": gettext_lazy("Windows-1251 (Cyrillic)"),
    "cp1253": gettext_lazy("Windows-1253 (Greek)"),
    "cp1254": gettext_lazy("Windows-1254 (Turkish)"),
    "cp1256": gettext_lazy("Windows-1256 (Arabic)"),
    "gb18030": gettext_lazy("GB18030 (Chinese)"),
    "big5": gettext_lazy("Big5 (Traditional Chinese)"),
    "shift_jis": gettext_lazy("Shift JIS (Japanese)"),
    "mac_roman": "Mac OS Roman",
    "cp850": gettext_lazy("DOS 850 (Western European)"),
}
# What the detector may answer (it knows many more); the first of each group is preferred.
_DETECTABLE = [name for name in ENCODINGS if name and name != "utf-16"]
_PREFERENCE = [codecs.lookup(name).name for name in _DETECTABLE]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _refused(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    raise _refused(
        _("Only CSV and XLSX files can be imported, not “%(name)s”.") % {"name": path.name}
    )


def check_file(path: Path) -> None:
    """Refuse a file of the wrong kind or size before anything else reads it."""
    kind = _kind(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _refused(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // 2**20}
        )
    if kind == "xlsx":
        with path.open("rb") as handle:
            check_zip_container(
                handle,
                max_uncompressed=XLSX_MAX_UNCOMPRESSED,
                required=XLSX_REQUIRED,
                member_limits={"xl/sharedStrings.xml": XLSX_MAX_SHARED_STRINGS},
            )


def check_encoding(name: str) -> str:
    """The canonical name of an encoding the user chose; refused when it is not one offered."""
    if name not in ENCODINGS:
        raise ValidationError(
            {
                "encoding": _("“%(name)s” is not one of the encodings offered: %(names)s.")
                % {"name": name, "names": ", ".join(n for n in ENCODINGS if n)}
            }
        )
    return name


def detect_encoding(path: Path) -> str:
    """The encoding of a CSV file ("" for a workbook), from its byte-order mark or from the
    first megabyte that holds a byte beyond ASCII (plain ASCII reads the same in every
    encoding offered, so it tells nothing; a file that is ASCII throughout is UTF-8). UTF-8 wins
    whenever the sample is (nearly) valid UTF-8: a stray bad byte in a UTF-8 file is then
    reported on its line instead of turning every accent into mojibake."""
    if _kind(path) != "csv":
        return ""
    with path.open("rb") as handle:
        sample = handle.read(DETECTION_SAMPLE)
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if sample.startswith(codecs.BOM_UTF8):
            return "utf-8"
        # Read on, a block at a time (checked at C speed), to the first block that is not
        # ASCII; it starts on a character's first byte, as the block before ends in ASCII.
        while sample.isascii():
            sample = handle.read(DETECTION_SAMPLE)
            if not sample:
                return "utf-8"
    if _mostly_utf8(sample):
        return "utf-8"
    from charset_normalizer import from_bytes

    found = from_bytes(sample, cp_isolation=_DETECTABLE)
    best = found.best()
    if best is None:
        return "cp1252"  # decodes nearly any byte; the import shows what it read
    # Text in Latin letters often reads equally well in several code pages (1252 and 1250
    # share most accents): among equals, the one Excel writes most often (ENCODINGS' order).
    equals = [
        codecs.lookup(match.encoding).name
        for match in found
        if abs(match.chaos - best.chaos) < 0.01 and abs(match.coherence - best.coherence) < 0.01
    ]
    return min(equals, key=_PREFERENCE.index)


def _mostly_utf8(sample: bytes) -> bool:
    """Valid UTF-8, or UTF-8 with a few stray bytes (one per hundred characters at most)."""
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=False)
    bad = text.count("\ufffd")
    if not bad:
        return True
    multibyte = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return multibyte > 0 and bad * 100 <= multibyte


def _python_codec(encoding: str) -> str:
    # "utf-8-sig" drops a BOM when there is one; "utf-16" reads the BOM to choose LE or BE.
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _lines(handle: BinaryIO, encoding: str) -> Iterator[str]:
    """The decoded lines of the file, each at most MAX_LINE_CHARS; a longer line or bytes the
    encoding cannot decode are refused, naming the line.

    Read and decoded a block at a time (never a whole line without end in memory); lines are
    counted as they are decoded, so an undecodable byte is reported on the line that holds it.
    """
    decoder = codecs.getincrementaldecoder(_python_codec(encoding))("strict")
    pending = ""
    number = 1  # the line `pending` starts
    while True:
        block = handle.read(READ_BLOCK)
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as undecodable:
            good = undecodable.object[: undecodable.start]
            before = codecs.decode(good, undecodable.encoding, "replace")
            line = number + pending.count("\n") + before.count("\n")
            raise _refused(
                _(
                    "Line %(line)s cannot be read as %(encoding)s; choose the encoding the "
                    "file was saved in."
                )
                % {"line": line, "encoding": encoding}
            ) from undecodable
        text = pending + text
        cut = text.rfind("\n") + 1
        pending = text[cut:]
        # Split as csv expects (\n, \r\n or \r, ends kept), at C speed: this runs per line.
        lines = io.StringIO(text[:cut], newline="").readlines()
        if lines and max(map(len, lines)) > MAX_LINE_CHARS + 2:
            longest = max(range(len(lines)), key=lambda index: len(lines[index]))
            raise _too_long(number + longest)
        yield from lines
        number += len(lines)
        if len(pending) > MAX_LINE_CHARS:
            raise _too_long(number)
        if not block:
            if pending:
                yield pending
            return


def _too_long(line: int) -> ValidationError:
    return _refused(
        _("Line %(line)s is longer than %(limit)s characters.")
        % {"line": line, "limit": MAX_LINE_CHARS}
    )


def _csv_rows(path: Path, encoding: str) -> Iterator[Row]:
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
        handle.seek(0)
        sample = codecs.getincrementaldecoder(_python_codec(encoding))("replace").decode(head)
        # A quoted value running over many lines stops at csv's own limit (131,072, above ours).
        reader = csv.reader(_lines(handle, encoding), _dialect(sample))
        first_line = 1  # where the next row starts: a quoted value may run over lines
        try:
            for row in reader:
                _check_width(row, first_line)
                yield row
                first_line = reader.line_num + 1
        except csv.Error as broken:
            raise _refused(
                _("Line %(line)s cannot be read: %(problem)s.")
                % {"line": first_line, "problem": _csv_problem(broken)}
            ) from broken


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _("a value is longer than %(limit)s characters") % {"limit": MAX_FIELD_CHARS}
    return _("the quotes do not match")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The separator of the sample's first lines: comma, semicolon (French Excel) or tab
    (Excel's "Unicode text"); the sniffer guesses quoting, and a comma when it cannot tell."""
    lines = sample.splitlines()[:20]
    if len(lines) > 1:
        lines = lines[:-1]  # the last may be cut off
    try:
        return csv.Sniffer().sniff("\n".join(lines), ",;\t")
    except csv.Error:
        pass
    header = lines[0] if lines else ""
    counts = {sep: header.count(sep) for sep in ",;\t"}
    separator = max(counts, key=lambda sep: counts[sep])
    if counts[separator] == 0 or separator == ",":
        return csv.excel
    return csv.excel_tab if separator == "\t" else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _check_width(row: Row, line: int) -> None:
    if len(row) <= MAX_COLUMNS and (not row or max(map(len, row)) <= MAX_FIELD_CHARS):
        return  # the common case, checked at C speed
    if len(row) > MAX_COLUMNS:
        raise _refused(
            _("Line %(line)s has more than %(limit)s columns.")
            % {"line": line, "limit": MAX_COLUMNS}
        )
    for value in row:
        if len(value) > MAX_FIELD_CHARS:
            raise _refused(
                _("Line %(line)s cannot be read: %(problem)s.")
                % {
                    "line": line,
                    "problem": _("a value is longer than %(limit)s characters")
                    % {"limit": MAX_FIELD_CHARS},
                }
            )


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet's XML instead of building it in memory; openpyxl parses
        # through defusedxml (entity expansion refused). check_file ran on the container.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as broken:  # openpyxl raises many kinds on broken workbooks
        raise _refused(_("The workbook cannot be read.")) from broken
    try:
        yield book
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> Iterator[Row]:
    # A sheet may declare a huge dimension: rows are cut at their last filled cell.
    rows = sheet.iter_rows(values_only=True)
    line = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as broken:  # openpyxl raises many kinds: a corrupt sheet fails mid-way
            raise _refused(_("The workbook cannot be read.")) from broken
        line += 1
        row = ["" if value is None else _cell_text(value) for value in values]
        while row and not row[-1]:
            row.pop()
        _check_width(row, line)
        yield row


def sheet_previews(path: Path, rows: int = 3) -> list[tuple[str, list[Row]]]:
    """Each sheet of a workbook by name, with its first `rows` non-empty rows (none for a CSV):
    what the officer sees to choose the sheet that holds the register."""
    if _kind(path) != "xlsx":
        return []
    check_file(path)  # the container's limits before openpyxl opens it
    with _workbook(path) as book:
        return [
            (sheet.title, list(islice((row for row in _sheet_rows(sheet) if row), rows)))
            for sheet in book.worksheets
        ]


def choose_sheet(path: Path, sheet: str, is_header: Callable[[Row], bool]) -> str:
    """The name of the workbook's sheet to import ("" for a CSV).

    `sheet` is a sheet's name (any case) or its number from 1; empty, the first sheet whose
    first row `is_header` (names a field of the register: a cover sheet is passed over), else
    the first sheet with data. Refused, naming the sheets, when there is no such sheet."""
    if _kind(path) != "xlsx":
        return ""
    previews = sheet_previews(path, rows=1)
    names = [name for name, _rows in previews]
    wanted = sheet.strip()
    if wanted:
        if wanted.isdecimal() and 1 <= int(wanted) <= len(names):
            return names[int(wanted) - 1]
        for name in names:
            if name.casefold() == wanted.casefold():
                return name
        raise ValidationError(
            {
                "sheet": _("The workbook has no sheet “%(sheet)s”; its sheets are: %(names)s.")
                % {"sheet": wanted, "names": ", ".join(f"{i}. {n}" for i, n in enumerate(names, 1))}
            }
        )
    with_data = [(name, rows[0]) for name, rows in previews if rows]
    for name, first in with_data:
        if is_header(first):
            return name
    if with_data:
        return with_data[0][0]
    raise _refused(_("The workbook is empty."))


def _xlsx_rows(path: Path, sheet: str) -> Iterator[Row]:
    with _workbook(path) as book:
        names = book.sheetnames
        found = sheet if sheet in names else (names[0] if names and not sheet else None)
        if found is None:
            raise ValidationError(
                {"sheet": _("The workbook has no sheet “%(sheet)s”; its sheets are: %(names)s.")
                 % {"sheet": sheet, "names": ", ".join(names)}}
            )  # fmt: skip
        line = 0
        for row in _sheet_rows(book[found]):
            line += 1
            yield row
        if line == 0:
            raise _refused(_("The sheet “%(sheet)s” of the workbook is empty.") % {"sheet": found})


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def iter_rows(path: Path, encoding: str = "", sheet: str = "") -> Iterator[Row]:
    """The rows of the file, header first, as lists of text (CSV decoded with `encoding`,
    detected when empty; of a workbook, the sheet named `sheet`, the first when empty: see
    `choose_sheet`). ValidationError on "file" names the line of a file that is refused."""
    check_file(path)
    if _kind(path) == "xlsx":
        return _xlsx_rows(path, sheet)
    return _csv_rows(path, encoding or detect_encoding(path))


def count_data_rows(path: Path, encoding: str = "", sheet: str = "") -> int:
    """How many rows follow the header (one quick pass, for the progress bar)."""
    return max(sum(1 for _row in iter_rows(path, encoding, sheet)) - 1, 0)
