"""Building the serial keys of registry marks."""

from django.db import transaction

from salw.registry.importer.insert import insert_rows
from salw.registry.models import Marking
from salw.tracing.keys import skeleton
from salw.tracing.models import SerialKey

BATCH = 5000
KEY_COLUMNS = ("marking_id", "state_id", "skeleton", "reverse")


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


def index_serials(state_id: int, serials: list[tuple[int, str]]) -> int:
    """Key marks inserted without a save per mark (imports): (mark id, normalised serial)."""
    rows = []
    for marking_id, serial in serials:
        key = skeleton(serial)
        rows.append((marking_id, state_id, key, key[::-1]))
    insert_rows(SerialKey, KEY_COLUMNS, rows)
    return len(rows)


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
    count = 0
    with transaction.atomic():
        old.delete()  # no signals, no relations: one DELETE statement
        batch: list[tuple] = []
        for marking_id, marking_state, serial_key, normalised in markings.iterator(
            chunk_size=BATCH
        ):
            key = skeleton(serial_key or normalised)
            batch.append((marking_id, marking_state, key, key[::-1]))
            if len(batch) >= BATCH:
                insert_rows(SerialKey, KEY_COLUMNS, batch)
                count += len(batch)
                batch = []
        insert_rows(SerialKey, KEY_COLUMNS, batch)
        count += len(batch)
    return count
