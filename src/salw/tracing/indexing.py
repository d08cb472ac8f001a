"""Building the serial keys of registry marks: a skeleton and a reversed skeleton per mark."""

from collections.abc import Iterable

from django.db import transaction

from salw.registry.importer.insert import insert_rows
from salw.registry.models import Marking
from salw.tracing.keys import skeleton
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


def unindex_marking(marking: Marking) -> None:
    """Remove the keys a mark had (before its serial changes); the keys lead the primary key."""
    key = _key_of(marking)
    SerialKey.objects.filter(state_id=marking.state_id, skeleton=key, marking=marking).delete()
    ReversedSerialKey.objects.filter(
        state_id=marking.state_id, reverse=key[::-1], marking=marking
    ).delete()


def index_marking(marking: Marking) -> None:
    _write(marking.state_id, [(marking.pk, _key_of(marking))])


def index_serials(state_id: int, serials: Iterable[tuple[int, str]]) -> int:
    """Key marks inserted without a save per mark (imports): (mark id, normalised serial)."""
    keys = [(marking_id, skeleton(serial)) for marking_id, serial in serials]
    _write(state_id, keys)
    return len(keys)


def rebuild_keys(state_id: int | None = None) -> int:
    """(Re)build the keys of every mark, or of one State's; returns the count.

    The old keys go in one statement per table, the new ones in batches of plain INSERTs (COPY on
    PostgreSQL): at national scale (tens of millions of marks) the ORM's per-object work would
    dominate.
    """
    markings = Marking.objects.order_by("state_id", "id").values_list(
        "id", "state_id", "serial_key", "normalised"
    )
    old = [SerialKey.objects.all(), ReversedSerialKey.objects.all()]
    if state_id is not None:
        markings = markings.filter(state_id=state_id)
        old = [keys.filter(state_id=state_id) for keys in old]
    count = 0
    with transaction.atomic():
        for keys in old:
            keys.delete()  # no signals, no relations: one DELETE statement
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
