"""The API of tracing requests: the same services and the same visibility as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from salw.accounts.choices import Role
from salw.core.permissions import ScopedViewSetMixin
from salw.registry.models import Weapon
from salw.tracing import services
from salw.tracing.api.serializers import (
    AnswerSerializer,
    CloseSerializer,
    DraftRequestSerializer,
    EditDraftSerializer,
    MessageSerializer,
    TracingEventSerializer,
    TracingRequestSerializer,
    TracingRequestSummarySerializer,
)
from salw.tracing.api.views import CandidateSerializer
from salw.tracing.exchange import (
    check_size,
    export_document,
    import_document,
    read_document,
)
from salw.tracing.explain import candidate_data
from salw.tracing.models import TracingRequest


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _body(request: Request) -> bytes:
    """The raw document, refused by its declared length before it is read whole."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    check_size(length)
    return bytes(request.body)


EDIT_RESPONSES = {
    200: TracingRequestSerializer,
    409: OpenApiResponse(description="The request was sent: it is read-only (problem details)."),
}


class RequestSent(exceptions.APIException):
    """A request that was sent is read-only: its content is what the requested State received."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This request was sent: it can no longer be changed.")
    default_code = "request_sent"


class TracingRequestViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Tracing requests the caller's State made or received; each retrieval is logged."""

    queryset = TracingRequest.objects.with_status().select_related(
        "requesting_state", "requested_state"
    )
    serializer_class = TracingRequestSerializer
    required_roles = (Role.TRACING_OFFICER,)

    def get_queryset(self) -> QuerySet:
        return (
            super().get_queryset().prefetch_related("events__actor", "events__state", "reminders")
        )

    def get_serializer_class(self) -> type:
        return (
            TracingRequestSummarySerializer if self.action == "list" else TracingRequestSerializer
        )

    def retrieve(self, request: Request, pk: int) -> Response:
        tracing_request = self.get_object()
        services.record_view(tracing_request, viewer=request.user, channel="api")
        return Response(self.get_serializer(tracing_request).data)

    @extend_schema(
        request=DraftRequestSerializer, responses={201: TracingRequestSerializer(many=True)}
    )
    def create(self, request: Request) -> Response:
        """Draft a request to each requested State; they share one reference."""
        serializer = DraftRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, states = serializer.to_service()
        try:
            made = services.draft_request(data, requested_states=states, actor=request.user)
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        rows = self.get_queryset().filter(pk__in=[r.pk for r in made])
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EditDraftSerializer, responses=EDIT_RESPONSES)
    def update(self, request: Request, pk: int, partial: bool = False) -> Response:
        """Change a draft's content (requesting State, until it is sent)."""
        tracing_request = self.get_object()
        try:
            services.draft_to_edit(tracing_request.pk, actor=request.user)  # before the body
            serializer = EditDraftSerializer(data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            services.edit_draft(tracing_request, serializer.content(), actor=request.user)
        except DjangoValidationError as refused:
            if getattr(refused, "code", None) == "wrong_step":
                raise RequestSent from refused
            raise _refused(refused) from refused
        return Response(self.get_serializer(self.get_queryset().get(pk=tracing_request.pk)).data)

    @extend_schema(request=EditDraftSerializer, responses=EDIT_RESPONSES)
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change part of a draft's content (requesting State, until it is sent)."""
        return self.update(request, pk, partial=True)

    def _step(self, function: object, **kwargs: object) -> Response:
        try:
            event = function(self.get_object(), actor=self.request.user, **kwargs)  # type: ignore[operator]
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(TracingEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: TracingEventSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: int) -> Response:
        """Send a draft (requesting State)."""
        return self._step(services.send_request)

    @extend_schema(request=None, responses={201: TracingEventSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: int) -> Response:
        """Acknowledge receipt (requested State)."""
        return self._step(services.acknowledge)

    @extend_schema(request=AnswerSerializer, responses={201: TracingEventSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: int) -> Response:
        """Answer (requested State): full, partial, delayed or declined with the reason."""
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["kind"] = values.pop("answer_kind")  # the event's field name; `kind` in services
        weapon_id = values.pop("weapon", None)
        weapon = None
        if weapon_id:
            weapon = Weapon.objects.visible_to(request.user).filter(pk=weapon_id).first()
            if weapon is None:
                raise NotFound
        return self._step(services.answer, weapon=weapon, **values)

    @extend_schema(request=MessageSerializer, responses={201: TracingEventSerializer})
    @action(detail=True, methods=["post"])
    def message(self, request: Request, pk: int) -> Response:
        """A follow-up question (requester) or reply (requested State)."""
        data = MessageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._step(services.ask_follow_up, **data.validated_data)

    @extend_schema(request=CloseSerializer, responses={201: TracingEventSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        """Close with feedback on the outcome (requesting State)."""
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._step(services.close_with_feedback, **data.validated_data)

    @extend_schema(responses={200: CandidateSerializer(many=True)})
    @action(detail=True, pagination_class=None, filter_backends=[])
    def candidates(self, request: Request, pk: int) -> Response:
        """The requested State's recorded weapons ranked against the weapon as seen."""
        tracing_request = self.get_object()
        if tracing_request.requested_state_id != request.user.state_id:
            raise NotFound
        return Response([candidate_data(c) for c in services.candidates_for(tracing_request)])

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, filters=False)
    @action(detail=True, pagination_class=None, filter_backends=[])
    def exchange(self, request: Request, pk: int) -> Response:
        """The request and its answers as an exchange document (docs/tracing.md)."""
        tracing_request = self.get_object()
        services.record_view(tracing_request, viewer=request.user, channel="export")
        return Response(export_document(tracing_request))

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: TracingRequestSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_(self, request: Request) -> Response:
        """Take in an exchange document: a request received, or the answers to one made."""
        try:
            taken = import_document(read_document(_body(request)), actor=request.user)
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        except DjangoPermissionDenied as refused:  # a document acting for another State
            raise exceptions.PermissionDenied(str(refused) or None) from refused
        data = self.get_serializer(self.get_queryset().get(pk=taken.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)
