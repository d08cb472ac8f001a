"""Who sees a State's registry: its record keepers and tracing officers, nobody else.

The secretariat does not see registries (they are national records, ITI para 12), nor do other
States: their records reach another State only through a tracing answer.
"""

from typing import Any

from django.db import models

from salw.accounts.choices import Role
from salw.core.permissions import acting_state_id

READ_ROLES = (Role.RECORD_KEEPER, Role.TRACING_OFFICER)
WRITE_ROLES = (Role.RECORD_KEEPER,)


class StateScopedQuerySet(models.QuerySet):
    """A queryset of rows that carry a `state`: the one permission rule of the registry."""

    def visible_to(self, user: Any) -> "StateScopedQuerySet":
        state_id = acting_state_id(user, *READ_ROLES)
        return self.none() if state_id is None else self.filter(state_id=state_id)

    def editable_by(self, user: Any) -> "StateScopedQuerySet":
        state_id = acting_state_id(user, *WRITE_ROLES)
        return self.none() if state_id is None else self.filter(state_id=state_id)
