"""The secretariat's reporting status of a cycle, and reminders to focal points."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
        context = {
            "status": cycle_status(cycle),
            "cycles": ReportingCycle.objects.select_related("meeting").order_by("-due_on"),
        }
        return render(request, "reporting/status.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        cycle = _cycle(request)
        iso3 = request.POST.get("state")
        states = list(State.objects.filter(iso3=iso3)) if iso3 else None
        count = services.send_reminders(cycle, actor=request.user, states=states)
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
        return redirect(f"{request.path}?cycle={cycle.meeting.code}")
