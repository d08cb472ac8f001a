"""Who sees a State's registry: its record keepers and tracing officers, nobody else.

The secretariat does not see registries (they are national records, ITI para 12), nor do other
States: their records reach another State only through a tracing answer.
"""

from typing import Any

from django.db import models

from salw.accounts.choices import Role

READ_ROLES = (Role.RECORD_KEEPER, Role.TRACING_OFFICER)
WRITE_ROLES = (Role.RECORD_KEEPER,)


class StateScopedQuerySet(models.QuerySet):
    """A queryset of rows that carry a `state`: the one permission rule of the registry."""

    def visible_to(self, user: Any) -> "StateScopedQuerySet":
        if not user.is_authenticated:
            return self.none()
        if not user.has_role(*READ_ROLES):
            return self.none()
        if user.state_id is None:
            return self.none()
        return self.filter(state_id=user.state_id)

    def editable_by(self, user: Any) -> "StateScopedQuerySet":
        if not user.is_authenticated:
            return self.none()
        if not user.has_role(*WRITE_ROLES):
            return self.none()
        if user.state_id is None:
            return self.none()
        return self.filter(state_id=user.state_id)
