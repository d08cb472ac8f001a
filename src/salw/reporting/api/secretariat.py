"""API: the secretariat's reporting status and reminders."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from salw.core.permissions import HasRole
from salw.reporting import services
from salw.reporting.api.serializers import (
    ReminderPlanSerializer,
    RemindSerializer,
    StateStatusSerializer,
)
from salw.reporting.models import ReportingCycle
from salw.reporting.models.reports import SECRETARIAT_ROLES
from salw.reporting.status import cycle_status
from salw.states.models import State

CYCLE = OpenApiParameter("cycle", str, description="Meeting code; default: the current cycle.")


def _cycle(code: str | None) -> ReportingCycle:
    cycles = ReportingCycle.objects.select_related("meeting")
    cycle = cycles.filter(meeting__code=code).first() if code else cycles.current()
    if cycle is None:
        raise exceptions.NotFound
    return cycle


class ReportingStatusViewSet(viewsets.ViewSet):
    """The secretariat: each State's status for a cycle; reminders to focal points."""

    permission_classes = [HasRole]
    required_roles = SECRETARIAT_ROLES

    @extend_schema(parameters=[CYCLE], responses=StateStatusSerializer(many=True))
    def list(self, request: Request) -> Response:
        status = cycle_status(_cycle(request.query_params.get("cycle")))
        return Response(StateStatusSerializer(status.states, many=True).data)

    @extend_schema(request=RemindSerializer, responses={200: ReminderPlanSerializer})
    @action(detail=False, methods=["post"])
    def remind(self, request: Request) -> Response:
        """A reminder is deliberate, as on the page: without `confirm` the answer says how many
        focal points of how many States it would reach and its text in each language, and
        nothing is sent; with `confirm: true` it is sent."""
        given = RemindSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        cycle = _cycle(given.validated_data["cycle"])
        iso3 = given.validated_data.get("state")
        states = list(State.objects.filter(iso3=iso3)) if iso3 else None
        plan = services.reminder_plan(cycle, states)
        try:
            services.check_remindable(cycle)
            if given.validated_data["confirm"]:
                services.send_reminders(cycle, actor=request.user, states=states)
        except DjangoValidationError as refused:  # a closed cycle
            raise exceptions.ValidationError({"cycle": refused.messages}) from refused
        answer = {
            "cycle": plan.cycle,
            "sent": given.validated_data["confirm"],
            "states": plan.states,
            "recipients": plan.recipients,
            "texts": plan.texts(),
        }
        return Response(ReminderPlanSerializer(answer).data)
