"""Permission checks shared by the registry's services."""

from typing import Any, TypeVar

from django.db import models

from salw.core.permissions import get_editable_or_404, require_write, writer_state_id
from salw.registry.models.scope import WRITE_ROLES

M = TypeVar("M", bound=models.Model)


def writable_state_id(actor: Any) -> int:
    """The State whose register the actor keeps; refused for anyone but its record keepers."""
    return writer_state_id(actor, *WRITE_ROLES)


def editable(instance: M, actor: Any) -> M:
    """The instance, fresh from the database, if the actor may change it (404 if not theirs)."""
    model = type(instance)
    found = get_editable_or_404(model._default_manager.all(), actor, pk=instance.pk)
    require_write(actor, found.state_id, *WRITE_ROLES)  # the one write rule, said outright
    return found
