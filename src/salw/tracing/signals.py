"""Keep the serial keys in step with the registry's marks."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save


def _unindex_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A mark saved again may carry another serial: its old keys go first."""
    if raw or instance.pk is None:
        return
    from salw.tracing.indexing import unindex_marking

    previous = sender.objects.filter(pk=instance.pk).first()
    if previous is not None:
        unindex_marking(previous)


def _index_marking(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from salw.tracing.indexing import index_marking

    index_marking(instance)


def _index_imported(sender: Any, state_id: int, first_id: int, **kwargs: Any) -> None:
    from salw.tracing.indexing import index_imported

    index_imported(state_id, first_id)


def _reference_changed(sender: Any, **kwargs: Any) -> None:
    from salw.tracing.reference_cache import reference_changed

    reference_changed()


def connect() -> None:
    from salw.registry.models import (
        Calibre,
        CalibreAlias,
        Manufacturer,
        ManufacturerAlias,
        Marking,
        WeaponModel,
    )
    from salw.registry.signals import markings_imported

    for model in (Manufacturer, ManufacturerAlias, WeaponModel, Calibre, CalibreAlias):
        for signal in (post_save, post_delete):
            signal.connect(
                _reference_changed,
                sender=model,
                dispatch_uid=f"tracing_reference_{model._meta.label}",
            )

    pre_save.connect(_unindex_changed, sender=Marking, dispatch_uid="tracing_unindex_marking")
    post_save.connect(_index_marking, sender=Marking, dispatch_uid="tracing_index_marking")
    markings_imported.connect(_index_imported, dispatch_uid="tracing_index_imported")
