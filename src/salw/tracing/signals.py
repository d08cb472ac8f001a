"""Keep the serial keys in step with the registry's marks."""

from typing import Any

from django.db.models.signals import post_save


def _index_marking(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from salw.tracing.indexing import index_marking

    index_marking(instance)


def connect() -> None:
    from salw.registry.models import Marking

    post_save.connect(_index_marking, sender=Marking, dispatch_uid="tracing_index_marking")
