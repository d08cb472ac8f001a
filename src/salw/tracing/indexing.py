"""Building the serial keys of registry marks."""

from django.db import connection, transaction

from salw.registry.models import Marking
from salw.tracing.keys import skeleton
from salw.tracing.models import SerialKey

BATCH = 5000


def keys_for(marking: Marking) -> SerialKey:
    key = skeleton(marking.serial_key or marking.normalised)
    return SerialKey(
        marking_id=marking.pk, state_id=marking.state_id, skeleton=key, reverse=key[::-1]
    )


def index_marking(marking: Marking) -> None:
    row = keys_for(marking)
    SerialKey.objects.update_or_create(
        marking_id=row.marking_id,
        defaults={"state_id": row.state_id, "skeleton": row.skeleton, "reverse": row.reverse},
    )


def index_components(component_ids: list[int]) -> int:
    """Key the marks of freshly imported components (inserted without a save per mark)."""
    rows = Marking.objects.filter(component_id__in=component_ids).values_list(
        "id", "state_id", "serial_key", "normalised"
    )
    table = SerialKey._meta.db_table
    sql = f"INSERT INTO {table} (marking_id, state_id, skeleton, reverse) VALUES (%s, %s, %s, %s)"  # noqa: S608
    keys = []
    for marking_id, state_id, serial_key, normalised in rows:
        key = skeleton(serial_key or normalised)
        keys.append((marking_id, state_id, key, key[::-1]))
    with connection.cursor() as cursor:
        cursor.executemany(sql, keys)
    return len(keys)


def rebuild_keys(state_id: int | None = None) -> int:
    """(Re)build the keys of every mark, or of one State's; returns the count.

    The old keys go in one statement, the new ones in batches of plain INSERTs: at national scale
    (tens of millions of marks) the ORM's per-object work would dominate.
    """
    markings = Marking.objects.order_by("id").values_list(
        "id", "state_id", "serial_key", "normalised"
    )
    old = SerialKey.objects.all()
    if state_id is not None:
        markings = markings.filter(state_id=state_id)
        old = old.filter(state_id=state_id)
    table = SerialKey._meta.db_table
    sql = f"INSERT INTO {table} (marking_id, state_id, skeleton, reverse) VALUES (%s, %s, %s, %s)"  # noqa: S608
    count = 0
    with transaction.atomic():
        old.delete()  # no signals, no relations: one DELETE statement
        batch = []
        with connection.cursor() as cursor:
            for marking_id, marking_state, serial_key, normalised in markings.iterator(
                chunk_size=BATCH
            ):
                key = skeleton(serial_key or normalised)
                batch.append((marking_id, marking_state, key, key[::-1]))
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count
