"""SDG 16.4.2 pages: the secretariat sees every State's figures; a State's officers see their
own, with a drill-down to the weapons and requests behind each figure."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views import View

from salw.core.downloads import table_format, table_response
from salw.core.permissions import RoleRequiredMixin
from salw.tracing.sdg import (
    AGGREGATE_ROLES,
    FIRST_YEAR,
    LAST_YEAR,
    STATE_ROLES,
    established_requests,
    indicator_for,
    indicator_rows,
    recovery_events,
)


class SdgView(RoleRequiredMixin, View):
    required_roles = AGGREGATE_ROLES + STATE_ROLES

    def get(self, request: HttpRequest) -> HttpResponseBase:
        rows = indicator_for(request.user)
        if file_format := table_format(request):
            return table_response(
                indicator_rows(rows), "sdg-16-4-2", file_format, title="SDG 16.4.2"
            )
        drill = request.user.has_role(*STATE_ROLES) and bool(request.user.state_id)
        return render(request, "tracing/sdg.html", {"rows": rows, "drill": drill})


class SdgYearView(RoleRequiredMixin, View):
    """The weapons seized, found or surrendered in a year, and the requests that established an
    origin: the State's own records only."""

    required_roles = STATE_ROLES

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404
        state_id = request.user.state_id
        events = recovery_events(state_id, year).select_related("weapon") if state_id else []
        requests = established_requests(state_id, year) if state_id else []
        context = {"year": year, "events": events, "requests": requests}
        return render(request, "tracing/sdg_year.html", context)
