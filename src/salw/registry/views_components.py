"""Pages that change a weapon's parts: add a mark, add a component, move a component."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_editable_or_404, get_visible_or_404
from salw.registry.forms import add_service_errors
from salw.registry.forms_components import (
    AddComponentForm,
    AddMarkingForm,
    CorrectEventForm,
    MoveComponentForm,
)
from salw.registry.models import Weapon, WeaponEvent
from salw.registry.models.scope import WRITE_ROLES
from salw.registry.services import add_component, add_marking, correct_event, move_component


class _WeaponFormView(RoleRequiredMixin, View):
    required_roles = WRITE_ROLES
    form_class: type[forms.Form]
    title = ""

    def form(self, weapon: Weapon, data: Any = None) -> forms.Form:
        return self.form_class(data, weapon=weapon)  # type: ignore[call-arg]

    def apply(self, weapon: Weapon, form: Any, user: Any) -> None:
        raise NotImplementedError

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        return self._render(request, weapon, self.form(weapon))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        form = self.form(weapon, request.POST)
        if form.is_valid():
            try:
                self.apply(weapon, form, request.user)
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:weapon", pk=weapon.pk)
        return self._render(request, weapon, form, status=400)

    def _render(
        self, request: HttpRequest, weapon: Weapon, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        context = {"weapon": weapon, "form": form, "title": self.title}
        return render(request, "registry/weapon_change.html", context, status=status)


class AddMarkingView(_WeaponFormView):
    form_class = AddMarkingForm
    title = "mark"

    def apply(self, weapon: Weapon, form: Any, user: Any) -> None:
        add_marking(form.cleaned_data["component"], form.marking(), actor=user)


class AddComponentView(_WeaponFormView):
    form_class = AddComponentForm
    title = "component"

    def form(self, weapon: Weapon, data: Any = None) -> forms.Form:
        return AddComponentForm(data)

    def apply(self, weapon: Weapon, form: Any, user: Any) -> None:
        add_component(weapon, form.component(), actor=user)


class MoveComponentView(_WeaponFormView):
    form_class = MoveComponentForm
    title = "move"

    def apply(self, weapon: Weapon, form: Any, user: Any) -> None:
        try:
            target = get_visible_or_404(
                Weapon.objects.all(), user, pk=form.cleaned_data["to_weapon"]
            )
        except Http404 as missing:
            raise ValidationError({"to_weapon": _("No such weapon on your register.")}) from missing
        move_component(
            form.cleaned_data["component"],
            target,
            actor=user,
            date=form.cleaned_data["date"],
            note=form.cleaned_data["note"],
        )


class CorrectEventView(RoleRequiredMixin, View):
    """Correct or withdraw an event: a new event that points at it; the old one stays."""

    required_roles = WRITE_ROLES

    def _event(self, request: HttpRequest, pk: int, event_id: int) -> WeaponEvent:
        weapon = get_editable_or_404(Weapon.objects.all(), request.user, pk=pk)
        return get_editable_or_404(
            WeaponEvent.objects.filter(weapon=weapon), request.user, pk=event_id
        )

    def get(self, request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
        event = self._event(request, pk, event_id)
        return self._render(request, event, CorrectEventForm(event=event))

    def post(self, request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
        event = self._event(request, pk, event_id)
        form = CorrectEventForm(request.POST, event=event)
        if form.is_valid():
            try:
                correct_event(
                    event,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    withdraw=form.cleaned_data["withdraw"],
                    **({} if form.cleaned_data["withdraw"] else form.changes()),
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("The correction is recorded."))
                return redirect("registry:weapon", pk=pk)
        return self._render(request, event, form, status=400)

    def _render(
        self, request: HttpRequest, event: WeaponEvent, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        context = {"weapon": event.weapon, "form": form, "title": "correct", "event": event}
        return render(request, "registry/weapon_change.html", context, status=status)
