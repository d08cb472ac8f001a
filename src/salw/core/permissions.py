"""The one permission layer: who may see and change what.

Scoping lives in each model's queryset (`visible_to(user)`, `editable_by(user)`); role checks in
`user_may`; every write asks `require_write` first: may this person write for that State, with
the roles of this step. Pages (`RoleRequiredMixin`) and the API (`HasRole`,
`ScopedViewSetMixin`) call these same functions, so a rule is written once.

Answers: anonymous → login page (pages) or 401 (API); signed in without the role → 403; an
object that is missing or belongs to someone else → 404, so a State cannot learn what another
State holds.
"""

from typing import Any, Protocol, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(Protocol):
    def visible_to(self, user: Any) -> models.QuerySet: ...


def user_may(user: Any, roles: tuple[str, ...]) -> bool:
    """True if the user is signed in and holds one of `roles` (no roles required: any user)."""
    if user is None or not user.is_authenticated:
        return False
    return not roles or user.has_role(*roles)


def acting_state_id(user: Any, *roles: str) -> int | None:
    """The State for which a signed-in official holding one of `roles` acts; None for anyone
    else (anonymous, without the role, or not attached to a State such as the secretariat)."""
    if not user_may(user, roles) or user.state_id is None:
        return None
    return int(user.state_id)


def may_write(user: Any, state_id: int | None, *roles: str) -> bool:
    """True if `user` may write for the State `state_id` at a step that needs one of `roles`:
    a signed-in official of that very State holding one of them. Nobody writes for another
    State, whatever the door (page, API, CLI, import, exchange document)."""
    return state_id is not None and acting_state_id(user, *roles) == int(state_id)


def require_write(user: Any, state_id: int | None, *roles: str) -> int:
    """The State written for, if `may_write`; PermissionDenied otherwise (every service that
    writes calls this, or a helper that does, before it writes)."""
    if not may_write(user, state_id, *roles):
        raise PermissionDenied
    return int(state_id)  # type: ignore[arg-type]


def writer_state_id(user: Any, *roles: str) -> int:
    """The State for which `user` writes at a step that needs one of `roles`; PermissionDenied
    for anyone else. For writes whose State is the writer's own (a new record, a new draft)."""
    return require_write(user, acting_state_id(user, *roles), *roles)


def require_role(user: Any, *roles: str) -> None:
    if not user_may(user, roles):
        raise PermissionDenied


def get_visible_or_404(queryset: models.QuerySet, user: Any, **lookup: Any) -> Any:
    """The object if the user may see it; 404 whether it is missing or not theirs, or the
    identifier in the URL cannot be one (`/weapons/null,null/`), as DRF's own look-up does."""
    try:
        return queryset.visible_to(user).get(**lookup)  # type: ignore[attr-defined]
    except (queryset.model.DoesNotExist, TypeError, ValueError, ValidationError) as missing:
        raise Http404 from missing


def get_editable_or_404(
    queryset: models.QuerySet, user: Any, *, read_only_is_404: bool = False, **lookup: Any
) -> Any:
    """The object if the user may change it; 404 if the user cannot see it; 403 if read-only.

    With `read_only_is_404`, a visible but read-only object is 404 too: for edit pages of
    another State's records, which that State's officials alone may open.
    """
    if read_only_is_404:
        try:
            return queryset.editable_by(user).get(**lookup)  # type: ignore[attr-defined]
        except (queryset.model.DoesNotExist, TypeError, ValueError, ValidationError) as not_yours:
            raise Http404 from not_yours
    obj = get_visible_or_404(queryset, user, **lookup)
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    return obj


class RoleRequiredMixin(LoginRequiredMixin):
    """For pages: sign-in required, then one of `required_roles`."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            require_role(request.user, *self.required_roles)
        return super().dispatch(request, *args, **kwargs)


class HasRole(BasePermission):
    """For the API: the same role check as pages, from the view's `required_roles`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return user_may(request.user, getattr(view, "required_roles", ()))


class ScopedViewSetMixin:
    """For API viewsets: the queryset is always cut down by the model's `visible_to`."""

    required_roles: tuple[str, ...] = ()
    permission_classes = [HasRole]
    queryset: models.QuerySet

    def get_queryset(self) -> models.QuerySet:
        return self.queryset.visible_to(self.request.user)  # type: ignore[attr-defined]
