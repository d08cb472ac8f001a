"""Building the serial keys of registry marks: a skeleton and a reversed skeleton per mark.

The database makes them from the marks it holds, one INSERT … SELECT per table that sends no key
over the connection: PostgreSQL with `translate()` (the same confusion groups) and `reverse()`,
SQLite by calling `keys.skeleton`. A mark saved alone, and a rebuild on SQLite, are keyed in
Python.
"""

from django.db import connection, transaction

from salw.registry.importer.insert import insert_rows
from salw.registry.models import Marking
from salw.tracing.keys import CONFUSION_GROUPS, skeleton
from salw.tracing.models import ReversedSerialKey, SerialKey

BATCH = 20_000


def _key_of(marking: Marking) -> str:
    return skeleton(marking.serial_key or marking.normalised)


def _write(state_id: int, keys: list[tuple[int, str]]) -> None:
    """Insert (mark id, skeleton) pairs of one State, each table's rows in its key order (the
    B-tree then takes them page by page instead of all over)."""
    forward = sorted((state_id, key, marking_id) for marking_id, key in keys)
    backward = sorted((state_id, key[::-1], marking_id) for marking_id, key in keys)
    insert_rows(SerialKey, ("state_id", "skeleton", "marking_id"), forward)
    insert_rows(ReversedSerialKey, ("state_id", "reverse", "marking_id"), backward)


def _skeleton_sql(column: str) -> str:
    """`keys.skeleton` in the database's SQL: on PostgreSQL, each confusable character becomes
    its group's first by `translate()`; SQLite calls `keys.skeleton` itself."""
    if connection.vendor != "postgresql":
        return f"salw_skeleton({column})"
    sources = "".join(group[1:] for group in CONFUSION_GROUPS)
    targets = "".join(group[0] * (len(group) - 1) for group in CONFUSION_GROUPS)
    return f"translate({column}, '{sources}', '{targets}')"


def _sql_functions() -> str:
    """The name of `reverse()`; on SQLite, which has neither, the key functions are lent to the
    connection first (deterministic, so SQLite may compute each once per row)."""
    if connection.vendor == "postgresql":
        return "reverse"
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("salw_skeleton", 1, skeleton, deterministic=True)
    raw.create_function("salw_reverse", 1, lambda text: text[::-1], deterministic=True)
    return "salw_reverse"


def _write_in_sql(where: str, params: list, *, skip_keyed: bool = False) -> int:
    """Key the marks `where` selects, computed by the database, each table filled in its key
    order; with `skip_keyed`, marks keyed already are left as they are. Returns how many."""
    marking = Marking._meta.db_table
    reverse = _sql_functions()
    key = _skeleton_sql("COALESCE(NULLIF(serial_key, ''), normalised)")
    postgres = connection.vendor == "postgresql"
    insert = "INSERT OR IGNORE" if skip_keyed and not postgres else "INSERT"
    conflict = " ON CONFLICT DO NOTHING" if skip_keyed and postgres else ""
    count = 0
    with connection.cursor() as cursor:
        for model, column, expression in (
            (SerialKey, "skeleton", key),
            (ReversedSerialKey, "reverse", f"{reverse}({key})"),
        ):
            # Names come from the models and the groups above; values are parameters.
            cursor.execute(
                f"{insert} INTO {model._meta.db_table} (state_id, {column}, marking_id) "  # noqa: S608
                f"SELECT state_id, {expression}, id FROM {marking} WHERE {where} "
                f"ORDER BY 1, 2, 3{conflict}",
                params,
            )
            count = cursor.rowcount
    return count


def unindex_marking(marking: Marking) -> None:
    """Remove the keys a mark had (before its serial changes); the keys lead the primary key."""
    key = _key_of(marking)
    SerialKey.objects.filter(state_id=marking.state_id, skeleton=key, marking=marking).delete()
    ReversedSerialKey.objects.filter(
        state_id=marking.state_id, reverse=key[::-1], marking=marking
    ).delete()


def index_marking(marking: Marking) -> None:
    _write(marking.state_id, [(marking.pk, _key_of(marking))])


def index_imported(state_id: int, first_id: int) -> int:
    """Key the marks an import inserted without a save per mark: the State's marks from
    `first_id` on, except those their own save keyed already."""
    return _write_in_sql("state_id = %s AND id >= %s", [state_id, first_id], skip_keyed=True)


KEY_TABLES = (SerialKey._meta.db_table, ReversedSerialKey._meta.db_table)


def _delete_keys(state_id: int | None) -> None:
    """One statement per table. (The ORM's delete() would load every row first: the change log
    listens to deletions of all models, which rules out its fast path.) All of them go by
    TRUNCATE on PostgreSQL, which gives the space back at once."""
    with connection.cursor() as cursor:
        if state_id is None and connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(KEY_TABLES)}")
            return
        where, params = ("WHERE state_id = %s", [state_id]) if state_id is not None else ("", [])
        for table in KEY_TABLES:
            cursor.execute(f"DELETE FROM {table} {where}", params)  # noqa: S608


def settle_keys() -> None:
    """After a rebuild, outside any transaction: PostgreSQL's VACUUM marks the key tables' pages
    all-visible, so that a probe reads the index alone instead of visiting each key's row (at ten
    million marks, p95 80 ms against 4 ms), and ANALYZE refreshes the planner's statistics."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(KEY_TABLES)}")


def rebuild_keys(state_id: int | None = None) -> int:
    """(Re)build the keys of every mark, or of one State's; returns the count.

    The old keys go in one statement per table, the new ones in batches of plain INSERTs (COPY on
    PostgreSQL): at national scale (tens of millions of marks) the ORM's per-object work would
    dominate.
    """
    markings = Marking.objects.order_by("state_id", "id").values_list(
        "id", "state_id", "serial_key", "normalised"
    )
    if state_id is not None:
        markings = markings.filter(state_id=state_id)
    count = 0
    with transaction.atomic():
        _delete_keys(state_id)
        if connection.vendor == "postgresql":
            if state_id is None:
                return _write_in_sql("TRUE", [])
            return _write_in_sql("state_id = %s", [state_id])
        batch: list[tuple[int, str]] = []
        batch_state = None
        for marking_id, marking_state, serial_key, normalised in markings.iterator(
            chunk_size=BATCH
        ):
            if batch and (marking_state != batch_state or len(batch) >= BATCH):
                _write(batch_state, batch)
                count += len(batch)
                batch = []
            batch_state = marking_state
            batch.append((marking_id, skeleton(serial_key or normalised)))
        if batch:
            _write(batch_state, batch)
            count += len(batch)
    return count
