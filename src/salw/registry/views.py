"""Registry pages: home, search, a weapon's record and history, registering and recording."""

import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from salw.core.downloads import attach
from salw.core.pdf import pdf_response, render_pdf
from salw.core.permissions import RoleRequiredMixin, get_editable_or_404, get_visible_or_404
from salw.registry.choices import WeaponStatus
from salw.registry.export import visible_history, weapon_record
from salw.registry.filters import WeaponFilter
from salw.registry.forms import RecordEventForm, RegisterWeaponForm, add_service_errors
from salw.registry.models import Weapon
from salw.registry.models.scope import READ_ROLES, WRITE_ROLES
from salw.registry.retention import due_for_review
from salw.registry.search import search_markings
from salw.registry.services import record_event, register_weapon
from salw.registry.services.reference import lookalike_models, suggest_manufacturers

PAGE_SIZE = 50


def listed_weapons(user: Any) -> Any:
    return (
        Weapon.objects.visible_to(user)
        .select_related("manufacturer", "model", "calibre", "site")
        .with_serial()
    )


class RegistryHomeView(RoleRequiredMixin, View):
    """The State's register at a glance, and the lost or stolen weapons to trace."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        weapons = Weapon.objects.visible_to(request.user)
        by_status = dict(weapons.values_list("status").annotate(n=Count("id")).order_by())
        counts = [(label, by_status.get(value, 0), value) for value, label in WeaponStatus.choices]
        flagged = listed_weapons(request.user).flagged_for_tracing().order_by("-status_since")[:50]
        context = {
            "counts": counts,
            "total": sum(by_status.values()),
            "flagged": flagged,
            "can_edit": request.user.has_role(*WRITE_ROLES),
        }
        return render(request, "registry/home.html", context)


class WeaponListView(RoleRequiredMixin, View):
    """Search the register by mark, manufacturer, model, calibre, status or site."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = WeaponFilter(
            request.GET, queryset=listed_weapons(request.user), request=request
        )
        # A refused search (a pattern without letter or digit) lists nothing, with its message.
        found = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        former = []
        pattern = request.GET.get("marking", "").strip()
        if pattern and filterset.is_valid():
            former_ids = {
                pk for hit in search_markings(request.user, pattern) for pk in hit.former_weapon_ids
            }
            former = list(listed_weapons(request.user).filter(pk__in=former_ids))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"filter": filterset, "page": page, "former": former, "query": query.urlencode()}
        return render(request, "registry/weapon_list.html", context)


def reference_serial(weapon: Weapon) -> str:
    """The serial on the weapon's reference component: what people call the weapon by."""
    for component in weapon.components.all():
        if component.is_reference:
            return next((m.serial for m in component.markings.all() if m.serial), "")
    return ""


def weapon_page_context(request: HttpRequest, weapon: Weapon) -> dict[str, Any]:
    """What the weapon's page shows, on screen and on paper."""
    serial = reference_serial(weapon)
    # Named on every printed page; name and serial are isolated (U+2066/U+2069) so that they
    # keep their order in Arabic.
    title = _("Weapon record %(weapon)s — %(state)s") % {
        "weapon": f"\u2066{weapon}\u2069",
        "state": weapon.state.name,
    }
    if serial:
        title += " — " + _("serial %(serial)s") % {"serial": f"\u2066{serial}\u2069"}
    return {
        "weapon": weapon,
        "components": weapon.components.prefetch_related("markings"),
        "history": visible_history(weapon, request.user),
        "lookalikes": lookalike_models(weapon.model) if weapon.model else [],
        "maker_suggestions": (
            suggest_manufacturers(weapon.manufacturer_text)
            if weapon.manufacturer_text and not weapon.manufacturer_id
            else []
        ),
        "can_edit": Weapon.objects.editable_by(request.user).filter(pk=weapon.pk).exists(),
        "print_title": title,
    }


class WeaponDetailView(RoleRequiredMixin, View):
    """A weapon's components, marks and full history, component moves included."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_visible_or_404(listed_weapons(request.user), request.user, pk=pk)
        return render(request, "registry/weapon_detail.html", weapon_page_context(request, weapon))


class WeaponPdfView(RoleRequiredMixin, View):
    """The weapon's page as PDF, in the reader's language: the extract a record keeper files."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_visible_or_404(listed_weapons(request.user), request.user, pk=pk)
        context = weapon_page_context(request, weapon)
        return pdf_response(
            lambda: render_pdf(
                "registry/weapon_detail.html",
                context,
                language=request.LANGUAGE_CODE,
                request=request,
            ),
            f"weapon-{weapon.pk}.pdf",
        )


class WeaponExportView(RoleRequiredMixin, View):
    """The weapon's record and history as a JSON file."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_visible_or_404(listed_weapons(request.user), request.user, pk=pk)
        body = json.dumps(weapon_record(weapon, request.user), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        return attach(response, f"weapon-{weapon.pk}.json")


class WeaponCreateView(RoleRequiredMixin, View):
    """Register a weapon with its reference component and mark."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        # A count's "register it" link brings the serial the counters wrote.
        serial = request.GET.get("serial", "")[:100]
        form = RegisterWeaponForm(initial={"serial": serial, "text_as_read": serial})
        return render(request, "registry/weapon_form.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RegisterWeaponForm(request.POST)
        if form.is_valid():
            try:
                weapon = register_weapon(*form.to_service(), actor=request.user)
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("The weapon is on the register."))
                return redirect("registry:weapon", pk=weapon.pk)
        return render(request, "registry/weapon_form.html", {"form": form}, status=400)


class EventCreateView(RoleRequiredMixin, View):
    """Record a life event of a weapon."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        form = RecordEventForm(user=request.user)
        return render(request, "registry/event_form.html", {"form": form, "weapon": weapon})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        form = RecordEventForm(request.POST, user=request.user)
        if form.is_valid():
            values = dict(form.cleaned_data)
            kind, date, site = values.pop("kind"), values.pop("date"), values.pop("site")
            try:
                record_event(weapon, kind, actor=request.user, date=date, site=site, **values)
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("The event is recorded."))
                return redirect("registry:weapon", pk=weapon.pk)
        context = {"form": form, "weapon": weapon}
        return render(request, "registry/event_form.html", context, status=400)


class RetentionView(RoleRequiredMixin, View):
    """Closed records whose ITI minimum retention (30 years for manufacture, else 20) ran out."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            as_of = datetime.date.fromisoformat(request.GET.get("as_of", ""))
        except ValueError:
            as_of = timezone.localdate()
        due = due_for_review(request.user, as_of).select_related("manufacturer", "model")
        page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"page": page, "as_of": as_of}
        return render(request, "registry/retention.html", context)
