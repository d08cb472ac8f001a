from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from salw.core.collation import collated
from salw.core.pdf import pdf_response, render_pdf
from salw.states.choices import ContactScope
from salw.states.filters import StateFilter
from salw.states.models import PointOfContact, State
from salw.states.models.contacts import CONTACT_READER_ROLES


def state_list(request: HttpRequest) -> HttpResponse:
    """Public: every State, filtered by region, status or name."""
    filterset = StateFilter(request.GET, queryset=State.objects.with_names())
    states = collated(filterset.qs, key=lambda state: state.name)
    page = Paginator(states, 200).get_page(request.GET.get("page"))
    return render(request, "states/state_list.html", {"filter": filterset, "page": page})


def state_pdf(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: the State's page as a PDF, in the page's language."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())
    context = state_context(request, state)
    language = request.LANGUAGE_CODE
    return pdf_response(
        lambda: render_pdf("states/state_detail.html", context, language=language, request=request),
        f"{state.iso3}.pdf",
    )


def state_context(request: HttpRequest, state: State) -> dict[str, Any]:
    """What the State's page shows, on screen and on paper."""
    return {
        "state": state,
        "contacts": PointOfContact.objects.public().filter(state=state),
        "may_read_directory": request.user.is_authenticated
        and request.user.has_role(*CONTACT_READER_ROLES),
        "can_edit": State.objects.editable_by(request.user).filter(pk=state.pk).exists(),
        "scopes": ContactScope.choices,
    }


def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: a State's reference facts; later modules add its reports and contacts here."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())
    return render(request, "states/state_detail.html", state_context(request, state))
