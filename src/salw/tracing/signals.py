"""Keep the serial keys in step with the registry's marks."""

from typing import Any

from django.db.models.signals import post_save


def _index_marking(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from salw.tracing.indexing import index_marking

    index_marking(instance)


def _index_imported(sender: Any, state_id: int, keys: list[tuple[int, str]], **kwargs: Any) -> None:
    from salw.tracing.indexing import index_serials

    index_serials(state_id, keys)


def connect() -> None:
    from salw.registry.models import Marking
    from salw.registry.signals import markings_imported

    post_save.connect(_index_marking, sender=Marking, dispatch_uid="tracing_index_marking")
    markings_imported.connect(_index_imported, dispatch_uid="tracing_index_imported")
