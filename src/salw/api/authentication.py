from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from salw.core.context import Actor, current_actor


class ActorTokenAuthentication(TokenAuthentication):
    """Token authentication that also names the caller in the change log.

    Token users are known only inside the API view, after the middleware that sets the actor.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            current_actor.set(Actor(user_id=user.pk, label=user.get_username()))
        return result
