from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from salw.core.permissions import ScopedViewSetMixin, get_editable_or_404
from salw.markings.normalise import name_key
from salw.registry.api.serializers import (
    CorrectEventSerializer,
    EventSerializer,
    ManufacturerSerializer,
    MarkingHitSerializer,
    MoveComponentSerializer,
    RecordEventSerializer,
    RegisterWeaponSerializer,
    SiteSerializer,
    WeaponDetailSerializer,
    WeaponSerializer,
)
from salw.registry.export import visible_history
from salw.registry.filters import WeaponFilter
from salw.registry.models import Manufacturer, Site, Weapon
from salw.registry.models.scope import READ_ROLES, WRITE_ROLES
from salw.registry.search import SEARCHABLE, search_markings
from salw.registry.services import (
    correct_event,
    move_component,
    record_event,
    register_weapon,
)


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class WeaponViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Weapons of the caller's State (record keepers and tracing officers); filters as the page."""

    queryset = Weapon.objects.select_related("manufacturer", "model", "calibre", "site")
    filterset_class = WeaponFilter
    required_roles = READ_ROLES

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "retrieve":
            return WeaponDetailSerializer
        if self.action == "create":
            return RegisterWeaponSerializer
        return WeaponSerializer

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("components__markings")
        return queryset

    @extend_schema(responses={201: WeaponDetailSerializer})
    def create(self, request: Request) -> Response:
        """Register a weapon (record keepers): exactly one component is the reference one."""
        serializer = RegisterWeaponSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            weapon = register_weapon(*serializer.to_service(), actor=request.user)
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        data = WeaponDetailSerializer(self.get_queryset().get(pk=weapon.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EventSerializer(many=True), filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def history(self, request: Request, pk: int) -> Response:
        """Every event, corrected ones included, and moves of components that left the weapon."""
        weapon = self.get_object()
        return Response(EventSerializer(visible_history(weapon, request.user), many=True).data)

    @extend_schema(request=RecordEventSerializer, responses={201: EventSerializer})
    @history.mapping.post
    def record(self, request: Request, pk: int) -> Response:
        """Record a life event (record keepers)."""
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        serializer = RecordEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        kind, date = values.pop("kind"), values.pop("date")
        site = None
        if code := values.pop("site", None):
            site = Site.objects.visible_to(request.user).filter(code=code).first()
            if site is None:
                raise ValidationError({"site": [_("No site with this code in your State.")]})
        try:
            event = record_event(weapon, kind, actor=request.user, date=date, site=site, **values)
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoveComponentSerializer, responses={201: EventSerializer})
    @action(detail=True, methods=["post"], url_path="move-component", filter_backends=[])
    def move_component(self, request: Request, pk: int) -> Response:
        """Move a non-reference component of this weapon to another weapon (modular designs)."""
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        serializer = MoveComponentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        component = weapon.components.filter(pk=data["component"]).first()
        target = Weapon.objects.visible_to(request.user).filter(pk=data["to_weapon"]).first()
        if component is None or target is None:
            raise ValidationError(
                {"component": [_("No such component of this weapon, or no such weapon.")]}
            )
        try:
            event = move_component(
                component, target, actor=request.user, date=data["date"], note=data.get("note", "")
            )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CorrectEventSerializer, responses={201: EventSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"history/(?P<event_id>[0-9]+)/correct",
        filter_backends=[],
    )
    def correct(self, request: Request, pk: int, event_id: str) -> Response:
        """Correct or withdraw an event with a new event that points at it."""
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        event = weapon.events.filter(pk=event_id).first()
        if event is None:
            raise NotFound
        serializer = CorrectEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason, withdraw = changes.pop("reason"), changes.pop("withdraw")
        try:
            correction = correct_event(
                event, actor=request.user, reason=reason, withdraw=withdraw, **changes
            )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(EventSerializer(correction).data, status=status.HTTP_201_CREATED)

    def get_permissions(self) -> list:
        if self.action in {"create", "record", "move_component", "correct"}:
            self.required_roles = WRITE_ROLES
        return super().get_permissions()


class MarkingSearchViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """Marks matching `q` (exact after normalisation; `AB12*` prefix; `?` and `*` wildcards)."""

    queryset = Weapon.objects.all()
    serializer_class = MarkingHitSerializer
    required_roles = READ_ROLES
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "pattern": SEARCHABLE},
                required=True,
            )
        ],
        responses=MarkingHitSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        try:
            hits = search_markings(request.user, request.query_params.get("q", ""))
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(MarkingHitSerializer(hits, many=True).data)


class ManufacturerViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference list of manufacturers with aliases and mark codes; `q` finds by any of them."""

    queryset = Manufacturer.objects.prefetch_related("aliases")
    serializer_class = ManufacturerSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("q", OpenApiTypes.STR)])
    def list(self, request: Request) -> Response:
        return super().list(request)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if text := self.request.query_params.get("q"):
            key = name_key(text)
            queryset = queryset.filter(key__startswith=key) | queryset.filter(
                aliases__key__startswith=key
            )
            queryset = queryset.distinct()
        return queryset


class SiteViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Stockpile sites of the caller's State; weapons at a site: `weapons/?site=ID`."""

    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    required_roles = READ_ROLES
    filter_backends: list = []
