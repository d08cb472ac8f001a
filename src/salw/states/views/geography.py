from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from salw.core.pdf import PdfDocument, pdf_response
from salw.states.choices import ContactScope
from salw.states.filters import StateFilter
from salw.states.models import PointOfContact, State
from salw.states.models.contacts import CONTACT_READER_ROLES


def state_list(request: HttpRequest) -> HttpResponse:
    """Public: every State, filtered by region, status or name."""
    filterset = StateFilter(request.GET, queryset=State.objects.with_names())
    states = sorted(filterset.qs, key=lambda state: state.name)
    page = Paginator(states, 200).get_page(request.GET.get("page"))
    return render(request, "states/state_list.html", {"filter": filterset, "page": page})


def state_pdf(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: the same facts as a PDF, in the page's language."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())

    def build() -> bytes:
        document = PdfDocument(state.name)
        document.facts(state_facts(state))
        document.heading(_("Names in the six official languages"))
        document.table(
            [_("Language"), _("Name")],
            [(get_language_info(r.language)["name_local"], r.name) for r in state.names.all()],
        )
        return document.output()

    return pdf_response(build, f"{state.iso3}.pdf")


def state_facts(state: State) -> list[tuple[str, str]]:
    facts = [(_("Status"), str(state.get_status_display()))]
    if state.un_member_since:
        facts.append((_("UN member since"), str(state.un_member_since)))
    facts += [
        (_("ISO 3166 codes"), f"{state.iso2} · {state.iso3}"),
        (_("M49 code"), state.m49),
        (_("Region"), state.region.name),
        (_("Sub-region"), state.subregion.name),
    ]
    return facts


def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: a State's reference facts; later modules add its reports and contacts here."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())
    context = {
        "state": state,
        "contacts": PointOfContact.objects.public().filter(state=state),
        "may_read_directory": request.user.is_authenticated
        and request.user.has_role(*CONTACT_READER_ROLES),
        "can_edit": State.objects.editable_by(request.user).filter(pk=state.pk).exists(),
        "scopes": ContactScope.choices,
    }
    return render(request, "states/state_detail.html", context)
