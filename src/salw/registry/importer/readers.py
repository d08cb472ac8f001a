"""Streaming readers: one row at a time, whatever the size of the file."""

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Row = list[str]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _csv_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
        except csv.Error:
            dialect = csv.excel
        yield from csv.reader(handle, dialect)


def _xlsx_rows(path: Path) -> Iterator[Row]:
    from openpyxl import load_workbook

    # read_only streams the sheet's XML instead of building it in memory.
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if value is None else _cell_text(value) for value in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def iter_rows(path: Path) -> Iterator[Row]:
    """The rows of the file, header first, as lists of text."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return _csv_rows(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_rows(path)
    raise ValidationError(
        {
            "file": _("Only CSV and XLSX files can be imported, not “%(name)s”.")
            % {"name": path.name}
        }
    )


def count_data_rows(path: Path) -> int:
    """How many rows follow the header (one quick pass, for the progress bar)."""
    return max(sum(1 for _row in iter_rows(path)) - 1, 0)
