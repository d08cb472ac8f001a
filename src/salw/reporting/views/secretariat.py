"""The secretariat's reporting status of a cycle, and reminders to focal points (confirmed
on their own page before they are sent)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from salw.core.permissions import RoleRequiredMixin
from salw.reporting import services
from salw.reporting.models import ReportingCycle
from salw.reporting.models.reports import SECRETARIAT_ROLES
from salw.reporting.status import cycle_status
from salw.states.models import State


def _cycle(request: HttpRequest) -> ReportingCycle:
    code = request.GET.get("cycle") or request.POST.get("cycle")
    cycles = ReportingCycle.objects.select_related("meeting")
    cycle = cycles.filter(meeting__code=code).first() if code else cycles.current()
    if cycle is None:
        raise Http404
    return cycle


class StatusView(RoleRequiredMixin, View):
    """Who submitted, who is drafting, reporting rate by region; send reminders."""

    required_roles = SECRETARIAT_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        cycle = _cycle(request)
        plan = services.reminder_plan(cycle)
        context = {
            "plan": plan,
            "remindable": set(plan.by_state),
            "status": cycle_status(cycle),
            "cycles": ReportingCycle.objects.select_related("meeting").order_by("-due_on"),
        }
        return render(request, "reporting/status.html", context)


class RemindView(RoleRequiredMixin, View):
    """A reminder is deliberate: this page shows how many focal points of how many States it
    reaches and its text in each of their languages; only its button sends it."""

    required_roles = SECRETARIAT_ROLES

    def _plan(self, request: HttpRequest) -> tuple[services.ReminderPlan, State | None]:
        cycle = _cycle(request)
        iso3 = request.GET.get("state") or request.POST.get("state")
        state = State.objects.filter(iso3=iso3).first() if iso3 else None
        if iso3 and state is None:
            raise Http404
        return services.reminder_plan(cycle, [state] if state else None), state

    def get(self, request: HttpRequest) -> HttpResponse:
        plan, state = self._plan(request)
        return self._page(request, plan, state)

    def post(self, request: HttpRequest) -> HttpResponse:
        plan, state = self._plan(request)
        try:
            count = services.send_reminders(
                plan.cycle, actor=request.user, states=[state] if state else None
            )
        except ValidationError as refused:
            return self._page(request, plan, state, refused=refused.messages, status=400)
        messages.success(
            request,
            ngettext(
                "A reminder was sent to the focal points of %(count)s State.",
                "Reminders were sent to the focal points of %(count)s States.",
                count,
            )
            % {"count": count},
        )
        if count == 0:
            messages.info(request, _("No focal point with an e-mail address was waiting."))
        return redirect(f"{reverse('reporting:status')}?cycle={plan.cycle.meeting.code}")

    def _page(
        self,
        request: HttpRequest,
        plan: services.ReminderPlan,
        state: State | None,
        status: int = 200,
        refused: list[str] | None = None,
    ) -> HttpResponse:
        if refused is None and not plan.cycle.is_open:
            refused, status = [_("The %(meeting)s cycle is closed: its reports are no longer due.")
                               % {"meeting": plan.cycle.meeting.name}], 400  # fmt: skip
        context = {
            "plan": plan,
            "state": state,
            "texts": plan.texts(),
            "refused": refused,
        }
        return render(request, "reporting/remind.html", context, status=status)
