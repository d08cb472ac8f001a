"""The API of lost or stolen alerts: the State's alerts, and marking one handled."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from salw.accounts.choices import Role
from salw.core.permissions import ScopedViewSetMixin
from salw.tracing.alerts import mark_alert_handled
from salw.tracing.filters import AlertFilter
from salw.tracing.models import LostStolenAlert


class AlertSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state.iso3")
    weapon_label = serializers.CharField(source="weapon", read_only=True)
    request_reference = serializers.CharField(
        source="request.reference", allow_null=True, default=None
    )
    handled_by = serializers.CharField(source="handled_by.username", allow_null=True, default=None)

    class Meta:
        model = LostStolenAlert
        fields = ["id", "state", "weapon", "weapon_label", "request", "request_reference", "at",
                  "handled_at", "handled_by", "handled_note"]  # fmt: skip


class HandleAlertSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class LostStolenAlertViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Matches on weapons the caller's State recorded lost or stolen; `handled=false` for the
    open ones."""

    queryset = LostStolenAlert.objects.select_related("state", "weapon", "request", "handled_by")
    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    required_roles = (Role.TRACING_OFFICER,)

    @extend_schema(request=HandleAlertSerializer, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"])
    def handle(self, request: Request, pk: int) -> Response:
        """Mark the alert handled, with an optional note (a tracing officer of its State)."""
        data = HandleAlertSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            alert = mark_alert_handled(self.get_object(), actor=request.user, **data.validated_data)
        except DjangoValidationError as refused:
            raise ValidationError(refused.messages) from refused
        return Response(self.get_serializer(alert).data)
