"""Tracing services: matching a weapon as seen against the State's own registry."""

from typing import Any

from django.core.exceptions import PermissionDenied

from salw.accounts.choices import Role
from salw.tracing.engine import Candidate, Reading, match

MATCH_ROLES = (Role.TRACING_OFFICER, Role.RECORD_KEEPER)


def match_in_own_registry(reading: Reading, *, actor: Any, limit: int = 10) -> list[Candidate]:
    """Rank the actor's State's recorded weapons against a reading.

    Only the State's tracing officers and record keepers may, and only in their own registry: a
    match in another State's registry is that State's to make, on a tracing request.
    """
    if not actor.is_authenticated or not actor.has_role(*MATCH_ROLES) or not actor.state_id:
        raise PermissionDenied
    return match(actor.state_id, reading, limit=limit)
