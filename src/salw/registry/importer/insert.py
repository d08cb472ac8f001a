"""Fast inserts for imports: `COPY` on PostgreSQL, prepared `executemany` on SQLite.

`bulk_create` spends most of an import compiling SQL (on SQLite it must split every batch into
statements of a few dozen rows). The import has validated every value already, so it reserves a
block of ids — the sequence on PostgreSQL, the table's high-water mark on SQLite, where a write
transaction excludes every other writer — and sends one prepared statement per table and batch.
"""

from collections.abc import Sequence

from django.db import connection, models


def reserve_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """`count` fresh primary keys for `model`, safe against concurrent writers."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is looked up once, not once per id; when no other writer took ids
            # meanwhile (the usual case) the block is contiguous and only its ends come back.
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT min(id), max(id) FROM "
                "(SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)) AS reserved",
                [sequence, count],
            )
            first, last = cursor.fetchone()
            if last - first + 1 == count:
                return range(first, last + 1)
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT tables keep their high-water mark in sqlite_sequence; ids are never reused.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0), "  # noqa: S608
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
        return range(start, start + count)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert already validated rows; `columns` are database column names of `model`."""
    if not rows:
        return
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk path; it runs inside the caller's transaction like an INSERT.
        copy_sql = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            "FROM STDIN"
        )
        # The driver's own cursor: its errors are made Django's, as its cursor's would be.
        with (
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.cursor.copy(copy_sql) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names come from the model
        f"({', '.join(quote(c) for c in columns)}) VALUES ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def existing_record_numbers(state_id: int, numbers: list[str]) -> set[str]:
    """Which of `numbers` are on the State's register already, in capitals (record numbers are
    compared without regard to case; one query on the unique index)."""
    numbers = list({number.upper() for number in numbers})
    found: set[str] = set()
    # SQLite takes at most 32,766 parameters in one statement.
    for start in range(0, len(numbers), 5000):
        found |= _existing(state_id, numbers[start : start + 5000])
    return found


def _existing(state_id: int, numbers: list[str]) -> set[str]:
    # `NOT (source_ref = '')` and `UPPER(source_ref)` repeat the unique index's condition and
    # expression word for word, so SQLite uses that partial index; written any other way
    # (`<> ''`, `LIKE`), SQLite scans every weapon of the State.
    if connection.vendor == "postgresql":
        # One array parameter: the driver would otherwise parse 5,000 placeholders per batch.
        match, params = "= ANY(%s)", [state_id, numbers]
    else:
        match, params = f"IN ({', '.join(['%s'] * len(numbers))})", [state_id, *numbers]
    sql = (
        "SELECT UPPER(source_ref) FROM registry_weapon WHERE state_id = %s "  # noqa: S608
        f"AND NOT (source_ref = '') AND UPPER(source_ref) {match}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}
