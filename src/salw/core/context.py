"""Who is acting and in which request: read by the change log, set by middleware and commands."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The person or process a change is attributed to."""

    user_id: int | None
    label: str


SYSTEM = Actor(user_id=None, label="system")

current_actor: ContextVar[Actor] = ContextVar("salw_actor", default=SYSTEM)
current_request_id: ContextVar[str] = ContextVar("salw_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def acting_as(actor: Actor, request_id: str | None = None) -> Iterator[None]:
    """Attribute every change made inside the block to `actor` (used by commands and imports)."""
    actor_token = current_actor.set(actor)
    request_token = current_request_id.set(request_id or new_request_id())
    try:
        yield
    finally:
        current_actor.reset(actor_token)
        current_request_id.reset(request_token)
