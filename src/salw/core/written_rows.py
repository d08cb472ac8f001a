"""Rows written without model signals (bulk imports), covered by the change log all the same.

An import inserts thousands of rows with prepared statements, which send no model signals: the
change log holds one row per batch, not one per weapon. That row carries a `batch_record`: for
each table the ids written and, for every `CHUNK` of them in id order, a digest of their canonical
content (the change log's own `snapshot` form). `verify-history` recomputes the digests, taking
for a row that was changed later through the application the content its first logged change
found, and checks that every such row still holds what its newest logged change wrote. A row
edited or removed behind the application's back changes a digest or goes missing.

A digest per chunk rather than per batch narrows a silent edit down to a few rows (a digest per
row would make each batch's change-log row hundreds of kilobytes).
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

from django.apps import apps
from django.db import connection, models

from salw.core.changelog import REDACTED, SECRET_FIELDS, canonical, snapshots
from salw.core.models import ChangeAction, ChangeLog

# The field of a model whose change-log rows carry a batch record (ImportRun.last_batch).
BATCH_RECORD_FIELD = "last_batch"
CHUNK = 64
_DIGEST_CHARS = 32  # 128 bits of SHA-256: no forged content can be made to match
_IN_LIST = 5000  # ids per query of the change log


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids as [first, last] runs: an import's block of ids is usually one run."""
    runs: list[list[int]] = []
    for pk in sorted(ids):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return runs


def _ids(runs: Sequence[Sequence[int]]) -> Iterator[int]:
    for first, last in runs:
        yield from range(first, last + 1)


def _chunk_digest(label: str, rows: list[tuple[int, Any]]) -> str:
    # (id, content) pairs are JSON arrays whether tuples or lists.
    text = canonical([label, rows])
    return hashlib.sha256(text.encode()).hexdigest()[:_DIGEST_CHARS]


def _chunks(label: str, contents: Iterable[tuple[int, Any]]) -> Iterator[tuple[list[int], str]]:
    if isinstance(contents, list):  # cut at C speed
        for start in range(0, len(contents), CHUNK):
            rows = contents[start : start + CHUNK]
            yield [pk for pk, _content in rows], _chunk_digest(label, rows)
        return
    rows: list[tuple[int, Any]] = []
    for row in contents:
        rows.append(row)
        if len(rows) == CHUNK:
            yield [pk for pk, _content in rows], _chunk_digest(label, rows)
            rows = []
    if rows:
        yield [pk for pk, _content in rows], _chunk_digest(label, rows)


def batch_record(written: dict[type[models.Model], Sequence[int]]) -> dict[str, Any]:
    """What a batch's change-log row carries about the rows it wrote, read back as stored."""
    record: dict[str, Any] = {}
    for model, ids in written.items():
        if not ids:
            continue
        label = model._meta.label_lower
        runs = id_ranges(ids)
        stored = snapshots(model, runs)
        contents = ((pk, stored.get(pk)) for pk in _ids(runs))
        record[label] = {
            "ids": runs,
            "chunks": "".join(digest for _ids_, digest in _chunks(label, contents)),
        }
    return record


Inserted = tuple[Sequence[str], Sequence[Sequence[Any]]]  # database columns, rows as inserted


def inserted_batch_record(written: dict[type[models.Model], Inserted]) -> dict[str, Any]:
    """`batch_record` of rows inserted with every editable column given, computed from the
    values sent instead of reading the rows back: the same record, without a query per table.

    The digests cover the canonical JSON of each row, and canonical JSON encodes a value and
    its `snapshot` form (a date and its ISO text, a choice and its plain string) alike, so a
    digest of the values sent is the digest `verify-history` recomputes from the stored rows.
    That text is assembled column by column (`_canonical_rows`) rather than by encoding a dict
    per row: an import digests every row it writes."""
    record: dict[str, Any] = {}
    for model, (columns, rows) in written.items():
        if not rows:
            continue
        label = model._meta.label_lower
        fields = [f for f in model._meta.concrete_fields if f.editable]
        missing = [f.column for f in fields if f.column not in columns]
        if missing or model._meta.many_to_many:
            # A column left to its database default would be digested as the row holds it.
            raise ValueError(f"{label}: the insert leaves out {', '.join(missing) or 'a m2m'}")
        pk_at = columns.index(model._meta.pk.column)
        pks = [row[pk_at] for row in rows]
        if pks != sorted(pks):  # ids are reserved in ascending blocks: nearly never
            rows = sorted(rows, key=itemgetter(pk_at))
            pks.sort()
        named = sorted((f.name, columns.index(f.column)) for f in fields)  # canonical key order
        texts = _canonical_rows(pks, named, rows)
        head = f"[{canonical(label)}, ["
        digests = [
            hashlib.sha256(f"{head}{', '.join(texts[at : at + CHUNK])}]]".encode()).hexdigest()
            for at in range(0, len(texts), CHUNK)
        ]
        record[label] = {
            "ids": id_ranges(pks),
            "chunks": "".join(d[:_DIGEST_CHARS] for d in digests),
        }
    return record


def _canonical_rows(pks: list[int], named: list[tuple[str, int]], rows: Sequence[Any]) -> list[str]:
    """`canonical([pk, {name: value}])` of each row, each column encoded in one C-level pass."""
    template = (
        "[%s, {"
        + ", ".join(f"{canonical(name).replace('%', '%%')}: %s" for name, _at in named)
        + "}]"
    )
    encoded = [_canonical_column(pks)]
    for name, at in named:
        if name in SECRET_FIELDS:
            encoded.append([canonical(REDACTED)] * len(rows))
        else:
            encoded.append(_canonical_column([row[at] for row in rows]))
    return list(map(template.__mod__, zip(*encoded, strict=True)))


_NONE_OR_STR = frozenset({str, type(None)})
_NONE_OR_INT = frozenset({int, type(None)})
_BOOLEANS = {True: "true", False: "false"}


def _canonical_column(values: list[Any]) -> list[str]:
    """`canonical` of each value: plain text and whole numbers (most columns) at C speed."""
    kinds = set(map(type, values))
    if kinds <= _NONE_OR_STR:
        if type(None) in kinds:
            return ["null" if value is None else encode_basestring(value) for value in values]
        return list(map(encode_basestring, values))  # what canonical (not ASCII-only) writes
    if kinds <= _NONE_OR_INT:
        if type(None) in kinds:
            return ["null" if value is None else int.__repr__(value) for value in values]
        return list(map(int.__repr__, values))
    if kinds == {bool}:
        return list(map(_BOOLEANS.__getitem__, values))
    return list(map(canonical, values))


@dataclass(frozen=True)
class RowFinding:
    """A row written by a batch that no longer holds what the change log says it holds."""

    entry_id: int  # the batch's change-log row
    object_type: str
    first_id: int
    last_id: int  # == first_id when the finding names one row
    reason: str  # "changed", "removed" or "changed-after-log"


def _logged_changes(label: str, ids: list[int], after_entry: int) -> dict[int, list[Any]]:
    """For each of `ids` changed through the application after the batch: the content before
    its first logged change, its newest action and the content after it."""
    table = ChangeLog._meta.db_table
    if connection.vendor == "postgresql":
        match = "= ANY(%s)"  # one array parameter
    else:
        match = "IN (SELECT value FROM json_each(%s))"  # one JSON parameter, not thousands
    sql = (
        f"SELECT object_id, action, before, after FROM {table} "  # noqa: S608 - the model's table
        f"WHERE object_type = %s AND id > %s AND object_id {match} ORDER BY id"
    )
    changes: dict[int, list[Any]] = {}
    for start in range(0, len(ids), _IN_LIST):
        wanted = [str(pk) for pk in ids[start : start + _IN_LIST]]
        parameter = wanted if connection.vendor == "postgresql" else json.dumps(wanted)
        with connection.cursor() as cursor:
            cursor.execute(sql, [label, after_entry, parameter])
            for object_id, action, before, after in cursor.fetchall():
                before, after = _json(before), _json(after)
                known = changes.setdefault(int(object_id), [before, action, after])
                known[1:] = [action, after]
    return changes


def _json(value: Any) -> Any:
    # SQLite hands JSON columns back as text; PostgreSQL's driver may have decoded them already.
    return json.loads(value) if isinstance(value, str) else value


def check_batch(entry_id: int, record: dict[str, Any]) -> list[RowFinding]:
    """Recompute a batch record against the rows as they are now; one finding per problem."""
    findings: list[RowFinding] = []
    for label, written in record.items():
        model = apps.get_model(label)
        runs = written["ids"]
        ids = list(_ids(runs))
        current = snapshots(model, runs)
        logged = _logged_changes(label, ids, entry_id)
        originals: list[tuple[int, Any]] = []
        for pk in ids:
            now = current.get(pk)
            if pk in logged:
                first_before, last_action, last_after = logged[pk]
                expected = None if last_action == ChangeAction.DELETE else last_after
                if now != expected:
                    findings.append(RowFinding(entry_id, label, pk, pk, "changed-after-log"))
                originals.append((pk, first_before))
                continue
            if now is None:
                findings.append(RowFinding(entry_id, label, pk, pk, "removed"))
            originals.append((pk, now))
        digests = written["chunks"]
        for index, (chunk_ids, digest) in enumerate(_chunks(label, originals)):
            stored = digests[index * _DIGEST_CHARS : (index + 1) * _DIGEST_CHARS]
            if digest != stored:
                findings.append(RowFinding(entry_id, label, chunk_ids[0], chunk_ids[-1], "changed"))
    return findings


def batch_record_of(entry: ChangeLog) -> dict[str, Any] | None:
    """The batch record a change-log row adds, if it adds one (a later save of the same
    object carries the same record unchanged: it is checked once)."""
    after = entry.after if isinstance(entry.after, dict) else {}
    record = after.get(BATCH_RECORD_FIELD)
    if not record:
        return None
    before = entry.before if isinstance(entry.before, dict) else {}
    return None if before.get(BATCH_RECORD_FIELD) == record else record
