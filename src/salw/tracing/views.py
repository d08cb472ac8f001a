from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from salw.core.permissions import RoleRequiredMixin
from salw.tracing.engine import Reading
from salw.tracing.explain import candidate_rows
from salw.tracing.forms import MatchForm
from salw.tracing.services import MATCH_ROLES, match_in_own_registry


class MatchView(RoleRequiredMixin, View):
    """A tracing officer describes a weapon as seen; the State's registry answers, ranked."""

    required_roles = MATCH_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        form = MatchForm(request.GET or None)
        rows, also_fitting = [], 0
        if form.is_valid():
            data = form.cleaned_data
            reading = Reading(
                serial=data["serial"],
                manufacturer=data["manufacturer"],
                model=data["model"],
                calibre=data["calibre"],
                country=data["country"],
                year=data["year"],
            )
            candidates = match_in_own_registry(reading, actor=request.user)
            rows = candidate_rows(candidates, request.user)
            also_fitting = candidates.also_fitting
        status = 400 if form.is_bound and not form.is_valid() else 200
        context = {"form": form, "rows": rows, "also_fitting": also_fitting}
        return render(request, "tracing/match.html", context, status=status)
