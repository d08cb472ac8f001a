"""The directory of national points of contact, and the focal point's page to keep it current."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin
from salw.reporting import services
from salw.reporting.models import ContactEntry, ContactKind
from salw.states.filters import region_choices
from salw.states.models import State


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactEntry
        fields = ["kind", "title", "name", "organisation", "address", "telephone", "email"]


class DirectoryFilter(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False, choices=[])
    q = forms.CharField(label=gettext_lazy("State"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", _("All")), *region_choices()]


def directory(request: HttpRequest) -> HttpResponse:
    """Public: every State's current points of contact for the PoA and the ITI."""
    form = DirectoryFilter(request.GET)
    entries = (
        ContactEntry.objects.current().select_related("state").prefetch_related("state__names")
    )
    if form.is_valid():
        region = form.cleaned_data["region"]
        if region:
            entries = entries.filter(Q(state__region__m49=region) | Q(state__subregion__m49=region))
        if form.cleaned_data["q"]:
            text = form.cleaned_data["q"].strip()
            entries = entries.filter(
                Q(state__iso3__iexact=text) | Q(state__names__name__icontains=text)
            ).distinct()
    rows = sorted(entries, key=lambda e: (e.state.name, e.kind))
    return render(request, "reporting/contacts.html", {"form": form, "entries": rows})


class OwnContactsView(RoleRequiredMixin, View):
    """The focal point records a change of the State's points of contact."""

    required_roles = (Role.FOCAL_POINT,)

    def get(self, request: HttpRequest, form: ContactForm | None = None) -> HttpResponse:
        state = State.objects.get(pk=request.user.state_id)
        current = ContactEntry.objects.current().filter(state=state)
        history = ContactEntry.objects.filter(state=state).order_by("-recorded_at")[:20]
        context = {
            "state": state,
            "current": current,
            "history": history,
            "form": form or ContactForm(initial={"kind": ContactKind.POA}),
        }
        return render(request, "reporting/contacts_own.html", context, status=400 if form else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ContactForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        state = State.objects.get(pk=request.user.state_id)
        details = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            services.record_contact(state, form.cleaned_data["kind"], details, actor=request.user)
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.get(request, form)
        messages.success(request, _("Point of contact recorded."))
        return redirect("reporting:own_contacts")
