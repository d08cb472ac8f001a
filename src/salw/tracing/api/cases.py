"""The API of cases and of SDG indicator 16.4.2: the pages' services and visibility."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from salw.accounts.choices import Role
from salw.core.permissions import HasRole, ScopedViewSetMixin, get_visible_or_404
from salw.registry.models import Weapon
from salw.states.models import State
from salw.tracing.api.serializers import TracingRequestSummarySerializer
from salw.tracing.cases import (
    add_to_case,
    case_contents,
    case_suggestions,
    open_case,
    shared_labels,
)
from salw.tracing.models import TracingRequest
from salw.tracing.models_cases import TracingCase
from salw.tracing.sdg import AGGREGATE_ROLES, FIRST_YEAR, LAST_YEAR, STATE_ROLES, indicator_for


class CaseSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state.iso3", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = TracingCase
        fields = ["id", "title", "state", "created_by", "created_at"]
        read_only_fields = ["created_at"]


class CaseWeaponSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField(source="__str__")
    status = serializers.CharField()


class CaseDetailSerializer(serializers.Serializer):
    """A case as the caller sees it: only the requests and weapons the caller may see."""

    id = serializers.IntegerField(source="case.pk")
    title = serializers.CharField(source="case.title")
    state = serializers.CharField(source="case.state.iso3")
    created_by = serializers.CharField(source="case.created_by.username")
    created_at = serializers.DateTimeField(source="case.created_at")
    requests = TracingRequestSummarySerializer(many=True)
    weapons = CaseWeaponSerializer(many=True)


class CaseAddSerializer(serializers.Serializer):
    request = serializers.IntegerField(required=False, help_text="A tracing request's id")
    weapon = serializers.IntegerField(required=False, help_text="A weapon of your registry")

    def validate(self, data: dict) -> dict:
        if not data.get("request") and not data.get("weapon"):
            raise ValidationError(_("Give a request or a weapon to add."))
        return data


class SuggestionSerializer(serializers.Serializer):
    request = TracingRequestSummarySerializer()
    shared = serializers.ListField(
        child=serializers.ChoiceField(choices=["export", "shipment", "diversion", "weapon"])
    )
    shared_labels = serializers.ListField(child=serializers.CharField())


class TracingCaseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Cases the caller's State opened, or that hold requests it made or received (ITI para 28)."""

    queryset = TracingCase.objects.select_related("state", "created_by")
    serializer_class = CaseSerializer
    required_roles = (Role.TRACING_OFFICER,)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("-created_at", "-pk")

    def _detail(self, case: TracingCase) -> Response:
        return Response(CaseDetailSerializer(case_contents(case, self.request.user)).data)

    @extend_schema(responses={200: CaseDetailSerializer})
    def retrieve(self, request: Request, pk: int) -> Response:
        return self._detail(self.get_object())

    @extend_schema(request=CaseSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        """Open a case for the caller's State."""
        given = CaseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            case = open_case(given.validated_data["title"], actor=request.user)
        except DjangoValidationError as refused:
            raise ValidationError(refused.message_dict) from refused
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseAddSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def add(self, request: Request, pk: int) -> Response:
        """Add a request the caller may see, or a weapon of the caller's registry (the State
        that opened the case only)."""
        case = self.get_object()
        given = CaseAddSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = request.user
        tracing_request = weapon = None
        if given.validated_data.get("request"):
            tracing_request = get_visible_or_404(
                TracingRequest.objects.all(), user, pk=given.validated_data["request"]
            )
        if given.validated_data.get("weapon"):
            weapon = Weapon.objects.visible_to(user).filter(pk=given.validated_data["weapon"])
            weapon = weapon.first()
            if weapon is None:
                raise NotFound
        add_to_case(case, actor=user, request=tracing_request, weapon=weapon)
        return self._detail(case)

    @extend_schema(responses={200: SuggestionSerializer(many=True)}, filters=False)
    @action(detail=True, pagination_class=None, filter_backends=[])
    def suggestions(self, request: Request, pk: int) -> Response:
        """Requests the caller may see that share an export licence, a shipment, a point of
        diversion or a confirmed weapon with a request of the case."""
        labels = shared_labels()
        found = [
            {"request": other, "shared": kinds, "shared_labels": [labels[k] for k in kinds]}
            for other, kinds in case_suggestions(self.get_object(), request.user)
        ]
        return Response(SuggestionSerializer(found, many=True).data)


class Sdg1642RowSerializer(serializers.Serializer):
    """One State and year; the columns of the page's CSV download."""

    country_iso3 = serializers.CharField(source="state.iso3")
    year = serializers.IntegerField()
    arms_seized = serializers.IntegerField(source="seized")
    arms_found = serializers.IntegerField(source="found")
    arms_surrendered = serializers.IntegerField(source="surrendered")
    arms_seized_found_surrendered_total = serializers.IntegerField(source="total")
    arms_illicit_origin_established = serializers.IntegerField(source="established")
    sdg_16_4_2_percentage = serializers.FloatField(source="percentage", allow_null=True)


STATE_CODE = r"^[A-Za-z]{2,3}$"


class Sdg1642FilterSerializer(serializers.Serializer):
    state = serializers.RegexField(STATE_CODE, required=False)
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def validate_state(self, value: str) -> State:
        code = value.upper()
        state = State.objects.filter(Q(iso2=code) | Q(iso3=code)).first()
        if state is None:  # a typed code: a typo is named rather than answered with no row
            raise ValidationError(_("No State with the code %(code)s.") % {"code": value})
        return state


class Sdg1642ViewSet(viewsets.ViewSet):
    """SDG indicator 16.4.2 per State and year: every State's rows for the secretariat, the own
    State's for its tracing officers and record keepers."""

    permission_classes = [HasRole]
    required_roles = AGGREGATE_ROLES + STATE_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                {"type": "string", "pattern": STATE_CODE},
                description="ISO alpha-2 or alpha-3 code",
            ),
            OpenApiParameter(
                "year", {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}
            ),
        ],
        responses={200: Sdg1642RowSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        given = Sdg1642FilterSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        rows = indicator_for(request.user, **given.validated_data)
        return Response(Sdg1642RowSerializer(rows, many=True).data)
