"""The import service: stream, validate, insert in batches, checkpoint each batch.

Each batch — its weapons, components, marks, bad rows, and the run's checkpoint — is one
transaction. Killed at any moment, an import has committed whole batches only; run again on the
same file it resumes after the last committed row. The record number is the natural key: a row
whose number is already on the register is reported as a bad row, never inserted twice.

Weapons are inserted with `bulk_create`, which does not send the signals the change log listens
to; the change log records the import run instead, once per batch (its counters and checkpoint).
"""

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.registry.choices import category_of
from salw.registry.importer.columns import CleanRow, RowError, clean_row, map_columns
from salw.registry.importer.readers import file_sha256, iter_rows
from salw.registry.models import Component, ImportProblem, ImportRun, ImportStatus, Marking, Weapon
from salw.registry.services.access import writable_state_id
from salw.registry.services.reference import match_calibre, match_manufacturer, match_model

Progress = Callable[[ImportRun], None]
BATCH_SIZE = 5000


class ReferenceCache:
    """Free text → reference row ids, asked of the database once per distinct text."""

    def __init__(self) -> None:
        self.makers: dict[str, int | None] = {}
        self.maker_rows: dict[int, Any] = {}
        self.calibres: dict[str, int | None] = {}
        self.models: dict[tuple[str, int | None], int | None] = {}

    def maker(self, text: str) -> int | None:
        if text not in self.makers:
            found = match_manufacturer(text)
            self.makers[text] = found.pk if found else None
            if found:
                self.maker_rows[found.pk] = found
        return self.makers[text]

    def calibre(self, text: str) -> int | None:
        if text not in self.calibres:
            found = match_calibre(text)
            self.calibres[text] = found.pk if found else None
        return self.calibres[text]

    def model(self, text: str, maker_id: int | None) -> int | None:
        key = (text, maker_id)
        if key not in self.models:
            found = match_model(text, self.maker_rows.get(maker_id) if maker_id else None)
            self.models[key] = found.pk if found else None
        return self.models[key]


def _start(path: Path, actor: Any, mapping: dict[str, str] | None) -> tuple[ImportRun, Iterator]:
    state_id = writable_state_id(actor)
    rows = iter_rows(path)
    header = next(rows, None)
    if not header:
        raise ValidationError({"file": _("The file is empty.")})
    columns = map_columns(header, mapping)
    run, created = ImportRun.objects.get_or_create(
        state_id=state_id,
        file_sha256=file_sha256(path),
        defaults={"file_name": path.name[:255], "mapping": columns, "started_by": actor},
    )
    if not created and run.mapping != columns:
        raise ValidationError(
            {"mapping": _("This file was started with another column mapping; use the same one.")}
        )
    return run, rows


def import_register(
    path: Path,
    *,
    actor: Any,
    mapping: dict[str, str] | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportRun:
    """Import (or resume importing) a CSV or XLSX register into the actor's State's register."""
    run, rows = _start(path, actor, mapping)
    if run.status == ImportStatus.DONE:
        return run
    cache = ReferenceCache()
    good: list[CleanRow] = []
    bad: list[ImportProblem] = []
    data_row = 0
    for data_row, cells in enumerate(rows, start=1):
        if data_row <= run.rows_read:
            continue  # committed by an earlier, interrupted run
        if any(cells):
            try:
                good.append(clean_row(data_row + 1, cells, run.mapping))
            except RowError as error:
                bad.append(_problem(run, data_row + 1, error))
        if len(good) + len(bad) >= batch_size:
            _commit(run, good, bad, data_row, cache)
            good, bad = [], []
            if progress:
                progress(run)
    _commit(run, good, bad, max(data_row, run.rows_read), cache, finished=True)
    if progress:
        progress(run)
    return run


def _problem(run: ImportRun, row_number: int, error: RowError) -> ImportProblem:
    return ImportProblem(
        run=run,
        row_number=row_number,
        field=error.field,
        value=error.value[:200],
        reason=error.reason,
    )


@transaction.atomic
def _commit(
    run: ImportRun,
    rows: list[CleanRow],
    bad: list[ImportProblem],
    last_row: int,
    cache: ReferenceCache,
    finished: bool = False,
) -> None:
    state_id = run.state_id
    existing = set(
        Weapon.objects.filter(
            state_id=state_id, source_ref__in=[row.record_number for row in rows]
        ).values_list("source_ref", flat=True)
    )
    fresh: list[CleanRow] = []
    for row in rows:
        if row.record_number in existing:
            reason = _("the record number is already on the register (or earlier in the file)")
            bad.append(
                _problem(run, row.row_number, RowError("record_number", row.record_number, reason))
            )
            continue
        existing.add(row.record_number)
        fresh.append(row)
    weapons = Weapon.objects.bulk_create([_weapon(state_id, row, cache) for row in fresh])
    components = Component.objects.bulk_create(
        Component(state_id=state_id, weapon_id=weapon.pk, kind=row.component, is_reference=True)
        for weapon, row in zip(weapons, fresh, strict=True)
    )
    Marking.objects.bulk_create(
        Marking(
            state_id=state_id,
            component_id=component.pk,
            kind=row.mark_kind,
            text_as_read=row.mark_text,
            normalised=row.mark_key,
            serial=row.serial,
            serial_key=row.serial_key,
            material=row.material,
        )
        for component, row in zip(components, fresh, strict=True)
    )
    bad.sort(key=lambda problem: problem.row_number)
    ImportProblem.objects.bulk_create(bad)
    run.rows_read = last_row
    run.rows_imported += len(fresh)
    run.rows_bad += len(bad)
    if finished:
        run.status = ImportStatus.DONE
        run.finished_at = timezone.now()
    run.save()


def _weapon(state_id: int, row: CleanRow, cache: ReferenceCache) -> Weapon:
    maker_id = cache.maker(row.manufacturer) if row.manufacturer else None
    return Weapon(
        state_id=state_id,
        source_ref=row.record_number,
        category=category_of(row.weapon_type),
        weapon_type=row.weapon_type,
        manufacturer_id=maker_id,
        manufacturer_text=row.manufacturer,
        model_id=cache.model(row.model, maker_id) if row.model else None,
        model_text=row.model,
        calibre_id=cache.calibre(row.calibre) if row.calibre else None,
        calibre_text=row.calibre,
        year_of_manufacture=row.year,
        country_of_manufacture=row.country,
    )


def write_bad_rows(run: ImportRun, handle: Any) -> int:
    """Write the run's bad rows as CSV (row, field, value, reason); returns how many."""
    writer = csv.writer(handle)
    writer.writerow(["row", "field", "value", "reason"])
    written = 0
    for problem in run.problems.order_by("row_number", "id").iterator(chunk_size=5000):
        writer.writerow([problem.row_number, problem.field, problem.value, problem.reason])
        written += 1
    return written
