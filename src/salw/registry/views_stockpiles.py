"""Stockpile pages: sites, their expected holdings, inventory counts and discrepancies."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_editable_or_404, get_visible_or_404
from salw.registry.forms import add_service_errors
from salw.registry.forms_stockpiles import CountForm, DiversionForm, ResolveForm, SiteForm
from salw.registry.models import Discrepancy, DiversionIncident, InventoryCount, Marking, Site
from salw.registry.models.scope import READ_ROLES, WRITE_ROLES
from salw.registry.services import (
    confirm_missing,
    create_site,
    record_count,
    record_diversion,
    resolve_discrepancy,
)
from salw.registry.services.stockpiles import expected_at, resolve_weapons


class SiteListView(RoleRequiredMixin, View):
    """The State's stockpile sites; record keepers add sites here."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, SiteForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_role(*WRITE_ROLES):
            raise PermissionDenied
        form = SiteForm(request.POST)
        if form.is_valid():
            try:
                site = create_site(actor=request.user, **form.cleaned_data)
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                return redirect("registry:site", pk=site.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: SiteForm, status: int = 200) -> HttpResponse:
        context = {
            "sites": Site.objects.visible_to(request.user),
            "form": form,
            "can_edit": request.user.has_role(*WRITE_ROLES),
        }
        return render(request, "registry/site_list.html", context, status=status)


class SiteDetailView(RoleRequiredMixin, View):
    """What the register expects at a site, its counts, and a form to record a new count."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        site = get_visible_or_404(Site.objects.all(), request.user, pk=pk)
        return self._render(request, site, CountForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        site = get_editable_or_404(Site.objects.all(), request.user, pk=pk)
        form = CountForm(request.POST)
        if form.is_valid():
            # What is on no record, or shared by several weapons, is what a count exists to find.
            found = resolve_weapons(site.state_id, form.cleaned_data["counted"].splitlines())
            try:
                count = record_count(
                    site,
                    found.weapons,
                    actor=request.user,
                    counted_on=form.cleaned_data["counted_on"],
                    counted_by=form.cleaned_data["counted_by"],
                    unregistered=found.unknown,
                    shared=found.shared,
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                return redirect("registry:count", pk=count.pk)
        return self._render(request, site, form, status=400)

    def _render(
        self, request: HttpRequest, site: Site, form: CountForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "site": site,
            "expected": expected_at(site)
            .select_related("manufacturer", "model", "calibre")
            .with_serial()[:500],
            "counts": site.counts.all()[:20],
            "form": form,
            "can_edit": Site.objects.editable_by(request.user).filter(pk=site.pk).exists(),
        }
        return render(request, "registry/site_detail.html", context, status=status)


DISCREPANCY_PAGE_SIZE = 50


def _reference_serial() -> Subquery:
    """The serial of the weapon's reference component, as the count page shows it."""
    return Subquery(
        Marking.objects.filter(component__weapon=OuterRef("weapon"), component__is_reference=True)
        .exclude(serial="")
        .order_by("pk")
        .values("serial")[:1]
    )


class CountDetailView(RoleRequiredMixin, View):
    """A count's reconciliation, a page at a time: missing weapons are confirmed as lost in bulk;
    weapons counted but not expected are registered, linked or investigated one by one."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        count = get_visible_or_404(
            InventoryCount.objects.select_related("site"), request.user, pk=pk
        )
        return self._render(request, count)

    def _render(
        self, request: HttpRequest, count: InventoryCount, status: int = 200, **extra: Any
    ) -> HttpResponse:
        discrepancies = (
            count.discrepancies.select_related("weapon", "weapon__model", "weapon__manufacturer")
            .annotate(serial=_reference_serial())
            .order_by("kind", "pk")
        )
        page = Paginator(discrepancies, DISCREPANCY_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "count": count,
            "page": page,
            "counted": count.items.count(),
            "open_missing": count.discrepancies.filter(
                kind="missing", confirmed_at__isnull=True, resolution=""
            ).count(),
            "resolve_form": extra.pop("resolve_form", ResolveForm()),
            "can_edit": InventoryCount.objects.editable_by(request.user)
            .filter(pk=count.pk)
            .exists(),
            **extra,
        }
        return render(request, "registry/count_detail.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        count = get_editable_or_404(
            InventoryCount.objects.select_related("site"), request.user, pk=pk
        )
        if request.POST.get("action") == "resolve":
            return self._resolve(request, count)
        if request.POST.get("scope") == "all":
            chosen = list(
                count.discrepancies.filter(
                    kind="missing", confirmed_at__isnull=True, resolution=""
                ).values_list("pk", flat=True)
            )
        else:
            chosen = [int(v) for v in request.POST.getlist("discrepancy") if v.isdigit()]
        try:
            events = confirm_missing(count, chosen, actor=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(number)s weapon recorded as lost and flagged for tracing.",
                    "%(number)s weapons recorded as lost and flagged for tracing.",
                    len(events),
                )
                % {"number": len(events)},
            )
        return redirect("registry:count", pk=count.pk)

    def _resolve(self, request: HttpRequest, count: InventoryCount) -> HttpResponse:
        discrepancy = count.discrepancies.filter(pk=request.POST.get("discrepancy") or 0).first()
        if discrepancy is None:
            messages.error(request, _("Choose a discrepancy of this count."))
            return redirect("registry:count", pk=count.pk)
        form = ResolveForm(request.POST)
        if form.is_valid():
            weapon = None
            found = resolve_weapons(count.state_id, [form.cleaned_data["weapon"]])
            if found.unknown or found.shared:
                form.add_error(
                    "weapon",
                    _("“%(text)s” names no single weapon on your register.")
                    % {"text": form.cleaned_data["weapon"]},
                )
            elif found.weapons:
                weapon = found.weapons[0]
            if form.is_valid():
                try:
                    resolve_discrepancy(
                        discrepancy,
                        form.cleaned_data["resolution"],
                        actor=request.user,
                        weapon=weapon,
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as refused:
                    add_service_errors(form, refused)
                else:
                    messages.success(request, _("The discrepancy is resolved."))
                    return redirect("registry:count", pk=count.pk)
        return self._render(request, count, status=400, resolve_form=form, resolving=discrepancy.pk)


__all__ = ["CountDetailView", "Discrepancy", "DiversionView", "SiteDetailView", "SiteListView"]


class DiversionView(RoleRequiredMixin, View):
    """Diversion incidents of the State's holdings (for the national report's diversion section)."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_role(*WRITE_ROLES):
            raise PermissionDenied
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            found = resolve_weapons(request.user.state_id, data["weapons"].splitlines())
            if found.unknown:
                form.add_error(
                    "weapons",
                    _("Not on your register: %(items)s") % {"items": ", ".join(found.unknown[:20])},
                )
            if found.shared:
                form.add_error(
                    "weapons",
                    _("Serials shared by several weapons: %(names)s; give the national record "
                      "numbers.") % {"names": ", ".join(found.shared[:20])},
                )  # fmt: skip
            if form.is_valid():
                try:
                    record_diversion(
                        actor=request.user,
                        occurred_on=data["occurred_on"],
                        description=data["description"],
                        kind=data["kind"],
                        weapon_count=data["weapon_count"],
                        site=data["site"],
                        weapons=found.weapons,
                    )
                except ValidationError as refused:
                    add_service_errors(form, refused)
                else:
                    messages.success(request, _("The diversion incident is recorded."))
                    return redirect("registry:diversions")
        return self._render(request, form, status=400)

    def _form(self, request: HttpRequest, data: Any = None) -> DiversionForm:
        return DiversionForm(data, sites=Site.objects.visible_to(request.user))

    def _render(self, request: HttpRequest, form: DiversionForm, status: int = 200) -> HttpResponse:
        incidents = (
            DiversionIncident.objects.visible_to(request.user)
            .select_related("site")
            .annotate(listed=Count("weapons"))[:100]
        )
        context = {
            "incidents": incidents,
            "form": form,
            "can_edit": request.user.has_role(*WRITE_ROLES),
        }
        return render(request, "registry/diversions.html", context, status=status)
