"""The import service: stream, validate, insert in batches, checkpoint each batch.

Each batch — its weapons, components, marks, bad rows, and the run's checkpoint — is one
transaction. Killed at any moment, an import has committed whole batches only; run again on the
same file it resumes after the last committed row. The record number is the natural key: a row
whose number is already on the register is reported as a bad row, never inserted twice.

Rows are inserted with prepared statements (`importer/insert.py`), which send no model signals:
the change log records the import run instead, once per batch (its counters and checkpoint), and
that row carries a digest of the rows the batch wrote (`core/written_rows.py`), so that
`verify-history` finds an imported weapon or mark edited behind the application's back.
"""

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salw.core.downloads import write_csv
from salw.core.read_ahead import read_ahead
from salw.core.text import clean_text, show_hidden
from salw.core.written_rows import Inserted, inserted_batch_record
from salw.markings.normalise import calibre_key, name_key
from salw.registry.choices import (
    STATUS_AFTER,
    EventKind,
    WeaponStatus,
    WeaponType,
    category_of,
)
from salw.registry.importer.columns import (
    COLUMNS,
    CleanRow,
    RowCleaner,
    RowError,
    column_label,
    fold,
    map_columns,
    names_a_field,
)
from salw.registry.importer.insert import existing_record_numbers, insert_rows, reserve_ids
from salw.registry.importer.readers import (
    check_encoding,
    choose_sheet,
    count_data_rows,
    detect_encoding,
    file_sha256,
    iter_rows,
)
from salw.registry.models import (
    Component,
    ImportMapping,
    ImportProblem,
    ImportRun,
    ImportStatus,
    Marking,
    Site,
    Weapon,
    WeaponEvent,
)
from salw.registry.services.access import writable_state_id
from salw.registry.services.events import record_event
from salw.registry.services.reference import match_calibre, match_manufacturer, match_model
from salw.registry.signals import markings_imported

Progress = Callable[[ImportRun], None]
BATCH_SIZE = 5000
ANNOUNCE_EVERY = 100_000  # marks; see `_announce_marks`


class ImportTakenOver(Exception):
    """Another worker advanced this run's checkpoint; this one stops without writing."""


class TableStatistics:
    """Keeps PostgreSQL's planner statistics in step with tables that an import makes grow.

    A table that held a few rows when last analysed looks empty to the planner, which then scans
    it for the per-batch "already on the register?" check: each batch gets slower. Analysing
    whenever the import has doubled what it imported since the last analysis costs little.
    """

    def __init__(self) -> None:
        self.analysed_at = 0

    def after_batch(self, imported: int) -> None:
        if connection.vendor != "postgresql" or imported < max(2 * self.analysed_at, 10_000):
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_weapon, registry_component, registry_marking")
        self.analysed_at = imported


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


def prepare_import(
    path: Path,
    *,
    actor: Any,
    mapping: dict[str, str] | None = None,
    file_name: str = "",
    encoding: str = "",
    sheet: str = "",
) -> ImportRun:
    """The run of this file for the actor's State: created, or found again to be resumed.

    `encoding` ("" detects it) is how a CSV is decoded; `sheet` is the workbook's sheet, by
    name or number ("" finds the first whose first row names a field: see `choose_sheet`). The
    file is refused here, before a row is written, when it is too big, not a workbook, or any
    line of it cannot be read: the whole file is read through once (and its rows counted)
    before the run exists."""
    state_id = writable_state_id(actor)
    encoding = check_encoding(encoding) or detect_encoding(path)
    sheet = choose_sheet(path, sheet, names_a_field)
    header = next(iter_rows(path, encoding, sheet), None)
    if not header:
        raise ValidationError({"file": _("The file is empty.")})
    columns = map_columns(header, mapping)
    sha256 = file_sha256(path)
    run = ImportRun.objects.filter(state_id=state_id, file_sha256=sha256).first()
    rows_total = run.rows_total if run else count_data_rows(path, encoding, sheet)
    run, created = ImportRun.objects.get_or_create(
        state_id=state_id,
        file_sha256=sha256,
        defaults={
            "rows_total": rows_total,
            "file_name": clean_text(file_name or path.name)[:255],
            "mapping": columns,
            "encoding": encoding,
            "sheet": sheet,
            "started_by": actor,
        },
    )
    if not created and run.mapping != columns:
        raise ValidationError(
            {"mapping": _("This file was started with another column mapping; use the same one.")}
        )
    if not created and run.sheet != sheet:
        raise ValidationError(
            {"sheet": _("This file was started from its sheet “%(sheet)s”; use the same one.")
             % {"sheet": run.sheet}}
        )  # fmt: skip
    if run.rows_total is None:
        run.rows_total = rows_total
        run.save(update_fields=["rows_total"])
    return run


@transaction.atomic
def start_mapped_import(
    path: Path,
    *,
    actor: Any,
    headers: dict[str, str],
    file_name: str = "",
    encoding: str = "",
    sheet: str = "",
) -> ImportRun:
    """Prepare the import of a file with the columns the officer chose on the mapping step, and
    remember the choice for the State's next file."""
    state_id = writable_state_id(actor)
    unknown = set(headers) - set(COLUMNS)
    if unknown:
        raise ValidationError(
            {"mapping": _("“%(name)s” is not a column of the import schema.")
             % {"name": sorted(unknown)[0]}}
        )  # fmt: skip
    chosen = {name: text for name, text in headers.items() if text}
    # A register without national record numbers identifies each weapon by its serial: that one
    # column may serve both fields. Any other column serves one field only.
    if chosen.get("record_number") and chosen.get("record_number") == chosen.get("serial"):
        chosen.pop("record_number")
    taken = [text for text in chosen.values()]
    if len(set(taken)) != len(taken):
        raise ValidationError(
            {"mapping": _("Each column of the file can be chosen for one field only.")}
        )
    run = prepare_import(
        path, actor=actor, mapping=headers, file_name=file_name, encoding=encoding, sheet=sheet
    )
    ImportMapping.objects.update_or_create(state_id=state_id, defaults={"headers": headers})
    return run


def remembered_headers(actor: Any) -> dict[str, str]:
    """The headers the actor's State chose on its last mapping step."""
    found = ImportMapping.objects.filter(state_id=actor.state_id).first()
    return dict(found.headers) if found else {}


def import_register(
    path: Path,
    *,
    actor: Any,
    mapping: dict[str, str] | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    encoding: str = "",
    language: str | None = None,
    sheet: str = "",
) -> ImportRun:
    """Import (or resume importing) a CSV or XLSX register into the actor's State's register."""
    run = prepare_import(path, actor=actor, mapping=mapping, encoding=encoding, sheet=sheet)
    return continue_import(run, path, batch_size=batch_size, progress=progress, language=language)


def continue_import(
    run: ImportRun,
    path: Path,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    language: str | None = None,
) -> ImportRun:
    """Read the file from the run's checkpoint to the end, one committed batch at a time.

    The bad rows' reasons are written in `language` (the caller's, by default): the person who
    started the import reads them.
    """
    if run.status == ImportStatus.DONE:
        return run
    cache = ReferenceCache()
    statistics = TableStatistics()
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    sites: dict[str, int] = {}
    for pk, code, name in Site.objects.filter(state_id=run.state_id).values_list(
        "pk", "code", "name"
    ):
        sites.setdefault(fold(code), pk)
        sites.setdefault(fold(name), pk)

    def checked() -> Iterator[Batch]:
        return _checked_batches(run, path, batch_size, language, sites)

    # On PostgreSQL the writes run in the server, and reading the next batch meanwhile overlaps
    # the two. SQLite writes in this process, giving up the interpreter lock at every row it
    # steps through: a reading thread then makes each row wait for the lock (measured slower).
    batches = read_ahead(checked) if connection.vendor == "postgresql" else checked()
    for good, bad, last_row, finished in batches:
        with translation.override(language):  # the duplicates found while committing
            _commit(run, good, bad, last_row, cache, finished=finished)
        statistics.after_batch(run.rows_imported)
        if progress:
            progress(run)
    return run


Batch = tuple[list[CleanRow], list[ImportProblem], int, bool]


def _checked_batches(
    run: ImportRun, path: Path, batch_size: int, language: str, sites: dict[str, int]
) -> Iterator[Batch]:
    """The file's rows after the checkpoint, checked, as (good rows, bad rows, last row read,
    last batch?). No database work: this may run ahead in a thread while a batch is written.
    The language is active only while a batch is made, not while the caller holds it."""
    batches = _checked_rows(run, path, batch_size, sites)
    while True:
        with translation.override(language):
            batch = next(batches, None)
        if batch is None:
            return
        yield batch


def _checked_rows(
    run: ImportRun, path: Path, batch_size: int, sites: dict[str, int]
) -> Iterator[Batch]:
    checkpoint = run.rows_read
    rows = iter_rows(path, run.encoding, run.sheet)
    next(rows, None)  # the header, mapped by prepare_import
    clean_row = RowCleaner(run.mapping, sites)
    good: list[CleanRow] = []
    bad: list[ImportProblem] = []
    data_row = 0
    for data_row, cells in enumerate(rows, start=1):
        if data_row <= checkpoint:
            continue  # committed by an earlier, interrupted run
        if any(cells):
            try:
                good.append(clean_row(data_row + 1, cells))
            except RowError as error:
                bad.extend(_problem(run, data_row + 1, each) for each in error.each())
        if len(good) + len(bad) >= batch_size:
            yield good, bad, data_row, False
            good, bad = [], []
    yield good, bad, max(data_row, checkpoint), True


def _problem(run: ImportRun, row_number: int, error: RowError) -> ImportProblem:
    return ImportProblem(
        run=run,
        row_number=row_number,
        field=error.field,
        value=show_hidden(error.value[:200])[:200],
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
    if connection.vendor == "postgresql":
        # A batch and the checkpoint saying it is done commit together, so a batch lost in a
        # crash before it reached the disk is read again by the rerun: no need to wait for the
        # disk at every batch (PostgreSQL stays consistent; only the last moments can be lost).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    # Two workers on one file (a resume clicked while the first still runs) must not both
    # commit the same rows: the checkpoint row is locked and must be where this worker left it.
    stored = ImportRun.objects.select_for_update().values_list("rows_read", flat=True)
    if stored.get(pk=run.pk) != run.rows_read:
        raise ImportTakenOver(run.pk)
    # Most batches hold no number that is on the register already: the unique index checks
    # each row as it is inserted anyway, so the batch is tried first and the register is
    # searched only when the index refuses it (then the batch is undone to its savepoint).
    registered: list[CleanRow] = []
    fresh, duplicates = _first_of_each_number(run, rows, set(), registered)
    try:
        with transaction.atomic():
            written = _insert(run, fresh, cache)
    except IntegrityError:
        existing = existing_record_numbers(state_id, [row.record_number for row in rows])
        fresh, duplicates = _first_of_each_number(run, rows, existing, registered)
        written = _insert(run, fresh, cache)
    bad += duplicates
    unchanged, changed, differing, not_applied = _compare_registered(run, registered, cache)
    bad += differing
    _announce_marks(run, [mark[0] for mark in written[Marking][1]], finished)
    bad.sort(key=lambda problem: problem.row_number)
    ImportProblem.objects.bulk_create(bad)
    run.rows_read = last_row
    run.rows_imported += len(fresh)
    run.rows_unchanged += unchanged
    run.rows_changed += changed
    run.rows_not_applied += len(not_applied)
    # A row may have several problems; a registered row that differs is not a bad row.
    run.rows_bad += len({problem.row_number for problem in bad} - not_applied)
    run.last_batch = inserted_batch_record(written)
    if finished:
        run.status = ImportStatus.DONE
        run.finished_at = timezone.now()
    run.save()


WEAPON_COLUMNS = (
    "id", "state_id", "source_ref", "category", "weapon_type", "manufacturer_id",
    "manufacturer_text", "model_id", "model_text", "calibre_id", "calibre_text",
    "year_of_manufacture", "country_of_manufacture", "status", "created_at", "status_since",
    "site_id",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "state_id", "weapon_id", "kind", "date", "place", "organisation", "licence",
    "end_user_certificate", "other_documents", "counterpart_country", "destruction_method",
    "site_id", "custodian", "component_id", "from_weapon_id", "corrects_id", "note",
    "recorded_at", "recorded_by_id",
)  # fmt: skip
COMPONENT_COLUMNS = ("id", "state_id", "weapon_id", "kind", "is_reference", "description")
MARKING_COLUMNS = (
    "id", "state_id", "component_id", "kind", "text_as_read", "normalised", "serial_key",
    "material", "location", "manufacturer", "country", "serial", "year", "model", "calibre",
    "symbols", "code",
)  # fmt: skip


def _first_of_each_number(
    run: ImportRun, rows: list[CleanRow], existing: set[str], registered: list[CleanRow]
) -> tuple[list[CleanRow], list[ImportProblem]]:
    """The rows whose record number is neither in `existing` nor earlier in the batch, and a
    bad row for each repeated number; rows whose number is registered go to `registered`."""
    registered.clear()
    fresh: list[CleanRow] = []
    duplicates: list[ImportProblem] = []
    earlier: dict[str, int] = {}
    for row in rows:
        key = row.record_number.upper()  # "pe-1" is "PE-1", as the unique index says
        if key in existing:
            registered.append(row)
            continue
        if key in earlier:
            error = RowError(
                "record_number",
                row.record_number,
                _("the record number is on row %(row)s of the file already")
                % {"row": earlier[key]},
            )
        else:
            earlier[key] = row.row_number
            fresh.append(row)
            continue
        duplicates.append(_problem(run, row.row_number, error))
    return fresh, duplicates


# What a row says of a weapon that its record must say too (the site and status are events).
COMPARED = (  # (weapon attribute, row attribute, import column)
    ("weapon_type", "weapon_type", "weapon_type"),
    ("year_of_manufacture", "year", "year_of_manufacture"),
    ("country_of_manufacture", "country", "country_of_manufacture"),
    ("manufacturer_text", "manufacturer", "manufacturer"),
    ("model_text", "model", "model"),
    ("calibre_text", "calibre", "calibre"),
)


def _compare_registered(
    run: ImportRun, rows: list[CleanRow], cache: ReferenceCache
) -> tuple[int, int, list[ImportProblem], set[int]]:
    """Rows whose number is registered: unchanged ones are counted as such; a new site or status
    is recorded as the weapon's next event (through the service, so the life-cycle rules hold,
    and the weapon's history shows it). No event records a change of the other attributes
    (model, calibre, type, maker, year, country, serial): each differing field is reported as
    "changed, not applied" with the register's value and the file's, for the record keeper to
    correct the record on its page if the file is right. The row's site or status is applied
    all the same, unless its serial differs (it may be another weapon: nothing is applied).
    Returns (unchanged, applied, problems, numbers of the rows not applied)."""
    if not rows:
        return 0, 0, [], set()
    keys = {row.record_number.upper() for row in rows}
    weapons = {
        weapon.ref_key: weapon
        for weapon in Weapon.objects.annotate(ref_key=Upper("source_ref")).filter(
            state_id=run.state_id, ref_key__in=keys
        )
    }
    serials = {
        weapon_id: (key, text)
        for weapon_id, key, text in Marking.objects.filter(
            component__weapon__in=[w.pk for w in weapons.values()], component__is_reference=True
        ).values_list("component__weapon_id", "serial_key", "serial")
    }
    unchanged = changed = 0
    problems: list[ImportProblem] = []
    not_applied: set[int] = set()
    for row in rows:
        weapon = weapons[row.record_number.upper()]
        differing = []  # (column, on the register, in the file)
        serial_key, serial = serials.get(weapon.pk, (None, ""))
        if serial_key not in (None, row.serial_key):
            differing.append(("serial", serial, row.serial))
        for attribute, field, column in COMPARED:
            value = getattr(row, field)
            recorded = getattr(weapon, attribute)
            if value not in (None, "") and not _same(column, recorded, value, weapon, cache):
                differing.append((column, recorded, value))
        if differing:
            not_applied.add(row.row_number)
            for column, recorded, given in differing:
                reason = _(
                    "changed, not applied: the register has “%(recorded)s”, the file "
                    "“%(given)s”; no event records a change of %(field)s: if the file is "
                    "right, correct the weapon's record on its page"
                ) % {
                    "recorded": _shown(column, recorded),
                    "given": _shown(column, given),
                    "field": column_label(column),
                }
                error = RowError(column, _shown(column, given), reason)
                problems.append(_problem(run, row.row_number, error))
            if differing[0][0] == "serial":
                continue  # another serial: maybe another weapon, nothing of the row is applied
        kind = _next_event(weapon, row)
        if not kind:
            unchanged += row.row_number not in not_applied
            continue
        try:
            record_event(
                weapon,
                kind,
                actor=run.started_by,
                date=timezone.localdate(),
                site=Site.objects.get(pk=row.site_id) if row.site_id else None,
                note=_("Recorded by the import of %(file)s.") % {"file": run.file_name},
            )
        except ValidationError as refused:
            error = RowError("status", row.record_number, " ".join(refused.messages))
            problems.append(_problem(run, row.row_number, error))
        else:
            changed += 1
    return unchanged, changed, problems, not_applied


def _same(column: str, recorded: Any, given: Any, weapon: Weapon, cache: ReferenceCache) -> bool:
    """Whether the file says what the record says: a calibre by the reference it resolves to
    ("9 mm Parabellum" is "9x19"), names by their key (case and spacing aside)."""
    if column == "calibre":
        found = cache.calibre(given)
        if found and weapon.calibre_id:
            return found == weapon.calibre_id
        return calibre_key(str(recorded)) == calibre_key(str(given))
    if column in ("manufacturer", "model"):
        return name_key(str(recorded)) == name_key(str(given))
    return bool(recorded == given)


def _shown(column: str, value: object) -> str:
    """A value as the reader knows it: a weapon type by its label, nothing as a dash."""
    if value in (None, ""):
        return "—"
    if column == "weapon_type" and value in WeaponType.values:
        return str(WeaponType(value).label)
    return str(value)


def _next_event(weapon: Weapon, row: CleanRow) -> str:
    """The event that brings a registered weapon to the site and status the row gives, if any."""
    if not row.entry_kind:
        return ""
    status = STATUS_AFTER[row.entry_kind]
    if weapon.status == status and weapon.site_id == row.site_id:
        return ""
    if status == WeaponStatus.IN_STOCKPILE and weapon.status == WeaponStatus.IN_STOCKPILE:
        return EventKind.SITE_MOVE
    return row.entry_kind


def _announce_marks(run: ImportRun, marking_ids: Sequence[int], finished: bool) -> None:
    """Tell the listeners (the tracing keys) of the marks inserted, many batches at a time.

    Keys written per batch land all over their index; written for 100,000 marks at once, in
    key order, they fill it page by page. Until then the match engine does not see the newest
    marks (the registry's search does); the pending start is committed with each batch, so a run
    resumed after a crash announces what the crashed one left pending.
    """
    if marking_ids and run.marks_pending_from is None:
        run.marks_pending_from = min(marking_ids)
    first = run.marks_pending_from
    if first is None:
        return
    if finished or (marking_ids and max(marking_ids) - first + 1 >= ANNOUNCE_EVERY):
        markings_imported.send(sender=Marking, state_id=run.state_id, first_id=first)
        run.marks_pending_from = None


def _insert(
    run: ImportRun, rows: list[CleanRow], cache: ReferenceCache
) -> dict[type[Model], Inserted]:
    """Weapons, their reference components and marks, as the models would store them, and the
    event that places each weapon a status column names; returns the columns and rows written to
    each table, all four digested for the change log from these values (see
    `inserted_batch_record`): the events are append-only by trigger, and the digest still finds
    one edited where the triggers were dropped."""
    state_id = run.state_id
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    today = timezone.localdate()
    events = []
    note = _("Recorded by the import of %(file)s.") % {"file": run.file_name}
    weapon_ids = reserve_ids(Weapon, len(rows))
    component_ids = reserve_ids(Component, len(rows))
    marking_ids = reserve_ids(Marking, len(rows))
    event_ids = iter(reserve_ids(WeaponEvent, sum(1 for row in rows if row.entry_kind)))
    weapons, components, markings = [], [], []
    recorded = str(WeaponStatus.RECORDED.value)  # enum attribute look-ups are slow per row
    for weapon_id, component_id, marking_id, row in zip(
        weapon_ids, component_ids, marking_ids, rows, strict=True
    ):
        maker_id = cache.maker(row.manufacturer) if row.manufacturer else None
        status, since = recorded, None
        if row.entry_kind:
            status, since = STATUS_AFTER[row.entry_kind], today
            events.append((
                next(event_ids), state_id, weapon_id, row.entry_kind, today, "", "", "", "", "",
                "", "", row.site_id, "", None, None, None, note, now, run.started_by_id,
            ))  # fmt: skip
        weapons.append((
            weapon_id, state_id, row.record_number, category_of(row.weapon_type), row.weapon_type,
            maker_id, row.manufacturer, cache.model(row.model, maker_id) if row.model else None,
            row.model, cache.calibre(row.calibre) if row.calibre else None, row.calibre, row.year,
            row.country, status, now, since, row.site_id,
        ))  # fmt: skip
        components.append((component_id, state_id, weapon_id, row.component, True, ""))
        markings.append((
            marking_id, state_id, component_id, row.mark_kind, row.mark_text, row.mark_key,
            row.serial_key, row.material, "", "", "", row.serial, "", "", "", "", "",
        ))  # fmt: skip
    insert_rows(Weapon, WEAPON_COLUMNS, weapons)
    insert_rows(Component, COMPONENT_COLUMNS, components)
    insert_rows(Marking, MARKING_COLUMNS, markings)
    insert_rows(WeaponEvent, EVENT_COLUMNS, events)
    return {
        Weapon: (WEAPON_COLUMNS, weapons),
        Component: (COMPONENT_COLUMNS, components),
        Marking: (MARKING_COLUMNS, markings),
        WeaponEvent: (EVENT_COLUMNS, events),
    }


def bad_rows(run: ImportRun) -> Iterator[list[Any]]:
    """The run's bad rows as a table: row, field (by its label), the value as uploaded, reason."""
    yield ["row", "field", "value", "reason"]
    for problem in run.problems.order_by("row_number", "id").iterator(chunk_size=5000):
        yield [problem.row_number, column_label(problem.field), problem.value, problem.reason]


def write_bad_rows(run: ImportRun, handle: Any) -> int:
    """Write the run's bad rows as CSV (row, field, value, reason); returns how many."""
    return write_csv(bad_rows(run), handle)
