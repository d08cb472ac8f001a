"""Cyrillic "З" joins the digit 3 in the serial keys' confusion groups.

The keys are derived from the marks, so only the keys of marks holding a "З" change: they are
deleted under the old skeleton and written under the new one (the groups of each side are
frozen here, so the migration means the same whatever `keys.py` says later). A full rebuild
(`salw tracing index`) gives the same result.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Q

BEFORE = ("0ODQ", "1IL", "2Z", "5S", "6G", "8B")
AFTER = ("0ODQ", "1IL", "2Z", "3З", "5S", "6G", "8B")
BATCH = 1000


def _table(groups: tuple[str, ...]) -> dict[int, str]:
    return str.maketrans({char: group[0] for group in groups for char in group})


def _rekey(apps: StateApps, old: tuple[str, ...], new: tuple[str, ...]) -> None:
    marking_model = apps.get_model("registry", "Marking")
    serial_key = apps.get_model("tracing", "SerialKey")
    reversed_key = apps.get_model("tracing", "ReversedSerialKey")
    old_table, new_table = _table(old), _table(new)
    touched = (
        marking_model.objects.filter(Q(serial_key__contains="З") | Q(normalised__contains="З"))
        .order_by("id")
        .values_list("id", "state_id", "serial_key", "normalised")
    )
    rows = list(touched)
    for start in range(0, len(rows), BATCH):
        forward, backward = [], []
        for marking_id, state_id, serial, normalised in rows[start : start + BATCH]:
            key = serial or normalised
            before, after = key.translate(old_table), key.translate(new_table)
            serial_key.objects.filter(state_id=state_id, skeleton=before, marking_id=marking_id).delete()
            reversed_key.objects.filter(
                state_id=state_id, reverse=before[::-1], marking_id=marking_id
            ).delete()
            forward.append(serial_key(state_id=state_id, skeleton=after, marking_id=marking_id))
            backward.append(
                reversed_key(state_id=state_id, reverse=after[::-1], marking_id=marking_id)
            )
        serial_key.objects.bulk_create(forward, ignore_conflicts=True)
        reversed_key.objects.bulk_create(backward, ignore_conflicts=True)


def fold_ze(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rekey(apps, BEFORE, AFTER)


def unfold_ze(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rekey(apps, AFTER, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("tracing", "0009_serial_keys_clustered")]

    operations = [migrations.RunPython(fold_ze, unfold_ze)]
