from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from salw.core.permissions import HasRole, ScopedViewSetMixin
from salw.states.api.serializers import (
    MarkingPracticeSerializer,
    PointOfContactSerializer,
    StateSerializer,
)
from salw.states.filters import PointOfContactFilter, StateFilter
from salw.states.models import MarkingPractice, PointOfContact, State
from salw.states.models.contacts import CONTACT_READER_ROLES
from salw.states.services import save_marking_practice, save_point_of_contact


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    """Public reference list of States; filter with `region` (M49), `status` or `q`."""

    queryset = State.objects.with_names()
    serializer_class = StateSerializer
    filterset_class = StateFilter
    permission_classes = [AllowAny]
    lookup_field = "iso3"


class PointOfContactViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """National points of contact (signed-in users). A focal point writes its own State's:
    POST creates or replaces the contact for a scope."""

    queryset = PointOfContact.objects.select_related("state")
    required_roles = CONTACT_READER_ROLES
    serializer_class = PointOfContactSerializer
    filterset_class = PointOfContactFilter

    def perform_create(self, serializer: PointOfContactSerializer) -> None:
        data = dict(serializer.validated_data)
        state, scope = data.pop("state"), data.pop("scope")
        serializer.instance = _as_validation_error(
            save_point_of_contact, state, scope, data, actor=self.request.user
        )

    def perform_update(self, serializer: PointOfContactSerializer) -> None:
        contact = serializer.instance
        data = dict(serializer.validated_data)
        data.pop("state", None), data.pop("scope", None)
        serializer.instance = _as_validation_error(
            save_point_of_contact, contact.state, contact.scope, data, actor=self.request.user
        )


class MarkingPracticeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """National marking practices: public to read; a focal point updates its own State's."""

    queryset = MarkingPractice.objects.select_related("state").prefetch_related("examples")
    serializer_class = MarkingPracticeSerializer
    lookup_field = "state__iso3"
    lookup_url_kwarg = "iso3"

    def get_permissions(self) -> list:
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [AllowAny()]
        return [HasRole()]

    def get_queryset(self) -> Any:
        return super().get_queryset().visible_to(self.request.user)

    def perform_update(self, serializer: MarkingPracticeSerializer) -> None:
        serializer.instance = _as_validation_error(
            save_marking_practice,
            serializer.instance.state,
            dict(serializer.validated_data),
            actor=self.request.user,
        )


def _as_validation_error(service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service; its model validation errors become the API's 400 problem."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as refused:
        raise ValidationError(refused.message_dict) from refused
