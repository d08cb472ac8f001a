from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from salw.states.filters import StateFilter
from salw.states.models import State


def state_list(request: HttpRequest) -> HttpResponse:
    """Public: every State, filtered by region, status or name."""
    filterset = StateFilter(request.GET, queryset=State.objects.with_names())
    states = sorted(filterset.qs, key=lambda state: state.name)
    page = Paginator(states, 200).get_page(request.GET.get("page"))
    return render(request, "states/state_list.html", {"filter": filterset, "page": page})


def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: a State's reference facts; later modules add its reports and contacts here."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())
    return render(request, "states/state_detail.html", {"state": state})
