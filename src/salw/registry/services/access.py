"""Permission checks shared by the registry's services."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

from salw.core.permissions import acting_state_id, get_editable_or_404
from salw.registry.models.scope import WRITE_ROLES

M = TypeVar("M", bound=models.Model)


def writable_state_id(actor: Any) -> int:
    """The State whose register the actor keeps; refused for anyone but its record keepers."""
    state_id = acting_state_id(actor, *WRITE_ROLES)
    if state_id is None:
        raise PermissionDenied
    return state_id


def editable(instance: M, actor: Any) -> M:
    """The instance, fresh from the database, if the actor may change it (404 if not theirs)."""
    model = type(instance)
    return get_editable_or_404(model._default_manager.all(), actor, pk=instance.pk)
