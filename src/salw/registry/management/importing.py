"""`salw registry import FILE`: mapping step, progress bar, bad-rows file."""

import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.registry.importer.columns import COLUMNS, map_columns, names_a_field
from salw.registry.importer.readers import (
    ENCODINGS,
    check_file,
    choose_sheet,
    detect_encoding,
    iter_rows,
)
from salw.registry.importer.run import BATCH_SIZE, continue_import, prepare_import, write_bad_rows
from salw.registry.models import ImportRun


def add_import_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=HEADER",
        help="Take a schema column from the file's header, e.g. --map serial='Serial No'.",
    )
    parser.add_argument(
        "--show-mapping", action="store_true", help="Print how the columns are mapped and stop."
    )
    parser.add_argument(
        "--encoding",
        choices=[name for name in ENCODINGS if name],
        default="",
        help="How the CSV file was saved (detected when not given).",
    )
    parser.add_argument(
        "--sheet",
        default="",
        help="The workbook's sheet that holds the register, by name or number from 1 "
        "(default: the first whose first row names a field of the register).",
    )
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--bad-rows", type=Path, help="Where to write the bad rows (CSV).")
    parser.add_argument("--no-progress", action="store_true", help="No progress bar.")


def _explicit_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, header = pair.partition("=")
        if not sep:
            raise CommandError(_("--map takes COLUMN=HEADER, not “%(value)s”.") % {"value": pair})
        mapping[column.strip()] = header.strip()
    return mapping


class ProgressBar:
    """A one-line progress bar on standard error, redrawn at most a few times a second."""

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.stream, self.started, self.drawn = total, stream, time.monotonic(), 0.0

    def __call__(self, run: ImportRun) -> None:
        now = time.monotonic()
        if now - self.drawn < 0.2 and run.rows_read < self.total:
            return
        self.drawn = now
        share = run.rows_read / self.total if self.total else 1.0
        bar = "#" * int(share * 30)
        rate = run.rows_read / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r[{bar:<30}] {share:6.1%} {run.rows_read}/{self.total} rows, "
            f"{run.rows_imported} imported, {run.rows_bad} bad, {rate:,.0f} rows/s"
        )
        self.stream.flush()


def run_import(user: User, options: dict[str, Any], out: TextIO) -> None:
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(_("There is no file %(file)s.") % {"file": path})
    try:
        mapping = _explicit_mapping(options["map"])
        check_file(path)
        encoding = options["encoding"] or detect_encoding(path)
        if encoding:
            out.write(_("%(file)s is read as %(encoding)s.") % {"file": path, "encoding": encoding})
            out.write("\n")
        sheet = choose_sheet(path, options["sheet"], names_a_field)
        if sheet:
            out.write(_("The sheet “%(sheet)s” is read.") % {"sheet": sheet})
            out.write("\n")
        if options["show_mapping"]:
            header = next(iter_rows(path, encoding, sheet), [])
            columns = map_columns(header, mapping)
            for name, required in COLUMNS.items():
                source = header[columns[name]] if name in columns else "-"
                out.write(f"{name:<24} {'required' if required else 'optional':<9} <- {source}\n")
            return
        run = prepare_import(
            path, actor=user, mapping=mapping or None, encoding=encoding, sheet=sheet
        )
        progress = None if options["no_progress"] else ProgressBar(run.rows_total or 0)
        continue_import(run, path, batch_size=options["batch_size"], progress=progress)
    except ValidationError as refused:
        raise CommandError(
            _("%(file)s: %(reason)s") % {"file": path, "reason": "; ".join(refused.messages)}
        ) from refused
    if progress:
        sys.stderr.write("\n")
    bad_path = options["bad_rows"] or path.with_name(path.name + ".bad-rows.csv")
    with bad_path.open("w", encoding="utf-8", newline="") as handle:
        written = write_bad_rows(run, handle)
    out.write(
        f"{run.file_name} ({run.encoding or 'XLSX'}): {run.rows_read} rows read, "
        f"{run.rows_imported} imported, {run.rows_bad} bad rows"
        + (f" (listed in {bad_path})" if written else "")
        + ".\n"
    )
    if run.rows_unchanged or run.rows_changed:
        out.write(
            f"Already on the register: {run.rows_unchanged} unchanged, {run.rows_changed} with a "
            "new site or status recorded as an event.\n"
        )
    if run.rows_not_applied:
        out.write(
            f"{run.rows_not_applied} rows already on the register differ in a field no event "
            "records: changed, not applied (listed with both values in the bad rows file).\n"
        )
