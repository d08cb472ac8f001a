"""Building the serial keys of registry marks."""

from collections.abc import Iterable, Iterator

from django.db import transaction

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


def _batches(markings: Iterable[Marking]) -> Iterator[list[SerialKey]]:
    batch: list[SerialKey] = []
    for marking in markings:
        batch.append(keys_for(marking))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild_keys(state_id: int | None = None) -> int:
    """(Re)build the keys of every mark, or of one State's, in batches; returns the count."""
    markings = Marking.objects.only("id", "state_id", "serial_key", "normalised").order_by("id")
    if state_id is not None:
        markings = markings.filter(state_id=state_id)
    count = 0
    for batch in _batches(markings.iterator(chunk_size=BATCH)):
        with transaction.atomic():
            SerialKey.objects.filter(marking_id__in=[k.marking_id for k in batch]).delete()
            SerialKey.objects.bulk_create(batch)
        count += len(batch)
    return count
