"""Writing and checking the hash-chained change log.

A row's hash is SHA-256 over the previous row's hash and a canonical JSON of the row's content.
Changing, inserting or deleting a row anywhere breaks the chain at that point.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.forms.models import model_to_dict
from django.utils import timezone

from salw.core.context import current_actor, current_request_id
from salw.core.models import ChangeAction, ChangeLog

GENESIS_HASH = "0" * 64
# Every model of salw's own apps is audited, and Django's groups and permissions; third-party
# bookkeeping (sessions, login attempts) is not. Token keys are secrets and change with use.
AUDITED_THIRD_PARTY_APPS = {"auth"}
NOT_AUDITED = {"core.changelog", "authtoken.token"}
# Values never copied into the log; the log still shows that they changed.
SECRET_FIELDS = {"password", "key"}
REDACTED = "[changed]"
# Any constant: it only has to be the same for every writer of the chain.
_CHAIN_LOCK_KEY = 0x5A1C0DE


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name  # the stored file's name; the file itself is kept, never rewritten
        return super().default(o)


# One encoder for every call: `json.dumps(cls=...)` would build a new one each time.
_CANONICAL = _Encoder(sort_keys=True, ensure_ascii=False)
_PLAIN = (str, int, float, bool, type(None))


def canonical(value: Any) -> str:
    """The one JSON form that every hash of the history is computed over."""
    return _CANONICAL.encode(value)


def row_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(content)).encode()).hexdigest()


def hashed_content(entry: ChangeLog) -> dict[str, Any]:
    """The fields a row's hash covers. The id is not one of them: the chain fixes the order."""
    return {
        "time": entry.time.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "request_id": entry.request_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's field values as JSON-ready data, secrets redacted."""
    data = model_to_dict(instance, fields=[f.name for f in instance._meta.concrete_fields])
    for field in instance._meta.many_to_many:
        if instance.pk is not None:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    for name in SECRET_FIELDS & data.keys():
        data[name] = REDACTED
    return json.loads(canonical(data))


def snapshots(model: type[models.Model], id_runs: list[list[int]]) -> dict[int, dict[str, Any]]:
    """`snapshot` of the rows of `model` whose ids lie in the [first, last] runs, read in one
    query per run without building model instances (an import batch holds thousands)."""
    if model._meta.many_to_many:
        found: dict[int, dict[str, Any]] = {}
        for first, last in id_runs:
            for instance in model._default_manager.filter(pk__range=(first, last)):
                found[instance.pk] = snapshot(instance)
        return found
    # The fields `model_to_dict` (hence `snapshot`) takes: editable concrete ones, by name.
    fields = [f for f in model._meta.concrete_fields if f.editable]
    names = [f.name for f in fields]
    secret = [index for index, name in enumerate(names) if name in SECRET_FIELDS]
    rows: dict[int, dict[str, Any]] = {}
    for first, last in id_runs:
        query = model._default_manager.filter(pk__range=(first, last)).values_list(
            model._meta.pk.attname, *(f.attname for f in fields)
        )
        for pk, *values in query.iterator(chunk_size=5000):
            for index, value in enumerate(values):
                # What `json.loads(canonical(...))` makes of it, without encoding plain values.
                if type(value) not in _PLAIN:
                    values[index] = json.loads(canonical(value))
            for index in secret:
                values[index] = REDACTED
            rows[pk] = dict(zip(names, values, strict=True))
    return rows


def _lock_chain() -> None:
    """Serialise writers so that two transactions never chain to the same previous row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite allows one writer at a time already (transaction_mode IMMEDIATE).


def append(
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> ChangeLog:
    """Append one row to the chain, inside the caller's transaction."""
    actor = current_actor.get()
    with transaction.atomic():
        _lock_chain()
        last = ChangeLog.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = ChangeLog(
            time=timezone.now(),
            actor_id=actor.user_id,
            actor_label=actor.label[:150],
            request_id=current_request_id.get(),
            action=action,
            object_type=instance._meta.label_lower,
            object_id=str(instance.pk),
            object_repr=str(instance)[:200],
            before=before,
            after=after,
            prev_hash=last or GENESIS_HASH,
        )
        entry.hash = row_hash(entry.prev_hash, hashed_content(entry))
        entry.save(force_insert=True)
    return entry


def is_audited(model: type[models.Model]) -> bool:
    """Every model of salw's apps, unless it declares `audited = False` (derived search keys
    that are rebuilt from audited rows)."""
    if not getattr(model, "audited", True):
        return False
    meta = model._meta
    own = meta.app_config is not None and meta.app_config.name.startswith("salw.")
    return (own or meta.app_label in AUDITED_THIRD_PARTY_APPS) and (
        meta.label_lower not in NOT_AUDITED
    )


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or not is_audited(sender):
        return
    previous = None
    if instance.pk is not None and not instance._state.adding:
        stored = sender._default_manager.filter(pk=instance.pk).first()
        previous = snapshot(stored) if stored is not None else None
    instance._salw_before = previous  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw") or not is_audited(sender):
        return
    before = getattr(instance, "_salw_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    append(ChangeAction.CREATE if created else ChangeAction.UPDATE, instance, before, after)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    append(ChangeAction.DELETE, instance, snapshot(instance), None)


def _m2m_changed(
    sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any
) -> None:
    # A many-to-many change (a user's groups, say) is an update of the instance that holds it.
    if kwargs.get("reverse") or not is_audited(type(instance)):
        return
    if action.startswith("pre_"):
        instance._salw_before = snapshot(instance)  # type: ignore[attr-defined]
    elif action.startswith("post_"):
        before, after = getattr(instance, "_salw_before", None), snapshot(instance)
        if before != after:
            append(ChangeAction.UPDATE, instance, before, after)


def connect_signals() -> None:
    pre_save.connect(_before_save, dispatch_uid="salw_changelog_pre_save")
    post_save.connect(_after_save, dispatch_uid="salw_changelog_post_save")
    post_delete.connect(_after_delete, dispatch_uid="salw_changelog_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="salw_changelog_m2m_changed")


@dataclass(frozen=True)
class ChainBreak:
    """The first row at which the chain no longer holds, and why."""

    entry_id: int
    reason: str


def iter_chain(batch_size: int = 5000) -> Iterator[ChangeLog]:
    last_id = 0
    while True:
        batch = list(ChangeLog.objects.filter(pk__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].pk


def verify_chain() -> tuple[int, ChainBreak | None]:
    """Walk the whole log; return how many rows were checked and the first break, if any."""
    expected_prev = GENESIS_HASH
    checked = 0
    for entry in iter_chain():
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(entry.pk, "previous-hash")
        if row_hash(entry.prev_hash, hashed_content(entry)) != entry.hash:
            return checked, ChainBreak(entry.pk, "content")
        expected_prev = entry.hash
        checked += 1
    return checked, None


def head_hash() -> str:
    """The hash of the newest row: record it elsewhere to detect removal of the newest rows."""
    return ChangeLog.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH


def audited_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if is_audited(model)]
