"""Stockpile pages: sites, their expected holdings, inventory counts and discrepancies."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_editable_or_404, get_visible_or_404
from salw.registry.forms import add_service_errors
from salw.registry.forms_stockpiles import CountForm, DiversionForm, SiteForm
from salw.registry.models import Discrepancy, DiversionIncident, InventoryCount, Site
from salw.registry.models.scope import READ_ROLES, WRITE_ROLES
from salw.registry.services import (
    confirm_discrepancy,
    create_site,
    record_count,
    record_diversion,
)
from salw.registry.services.stockpiles import expected_at, resolve_weapons


class SiteListView(RoleRequiredMixin, View):
    """The State's stockpile sites; record keepers add sites here."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, SiteForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_role(*WRITE_ROLES):
            return HttpResponse(status=403)
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
            weapons, unknown = resolve_weapons(
                site.state_id, form.cleaned_data["counted"].splitlines()
            )
            if unknown:
                form.add_error(
                    "counted",
                    _("Not on your register: %(items)s") % {"items": ", ".join(unknown[:20])},
                )
            else:
                try:
                    count = record_count(
                        site,
                        weapons,
                        actor=request.user,
                        counted_on=form.cleaned_data["counted_on"],
                        counted_by=form.cleaned_data["counted_by"],
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


class CountDetailView(RoleRequiredMixin, View):
    """A count's reconciliation: missing and unexpected weapons; confirming a missing one."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        count = get_visible_or_404(
            InventoryCount.objects.select_related("site"), request.user, pk=pk
        )
        context = {
            "count": count,
            "discrepancies": count.discrepancies.select_related("weapon"),
            "counted": count.items.count(),
            "can_edit": InventoryCount.objects.editable_by(request.user).filter(pk=pk).exists(),
        }
        return render(request, "registry/count_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        count = get_editable_or_404(InventoryCount.objects.all(), request.user, pk=pk)
        discrepancy = count.discrepancies.filter(pk=request.POST.get("discrepancy")).first()
        if discrepancy is None:
            return HttpResponse(status=400)
        try:
            confirm_discrepancy(discrepancy, actor=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Recorded as lost and flagged for tracing."))
        return redirect("registry:count", pk=count.pk)


__all__ = ["CountDetailView", "Discrepancy", "DiversionView", "SiteDetailView", "SiteListView"]


class DiversionView(RoleRequiredMixin, View):
    """Diversion incidents of the State's holdings (for the national report's diversion section)."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_role(*WRITE_ROLES):
            return HttpResponse(status=403)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            weapons, unknown = resolve_weapons(request.user.state_id, data["weapons"].splitlines())
            if unknown:
                form.add_error(
                    "weapons",
                    _("Not on your register: %(items)s") % {"items": ", ".join(unknown[:20])},
                )
            else:
                try:
                    record_diversion(
                        actor=request.user,
                        occurred_on=data["occurred_on"],
                        description=data["description"],
                        site=data["site"],
                        weapons=weapons,
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
            .annotate(weapon_count=Count("weapons"))[:100]
        )
        context = {
            "incidents": incidents,
            "form": form,
            "can_edit": request.user.has_role(*WRITE_ROLES),
        }
        return render(request, "registry/diversions.html", context, status=status)
