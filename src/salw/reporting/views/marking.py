"""National marking practices: the public list and the focal point's page to keep it current."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin
from salw.reporting import services
from salw.reporting.models import MarkElement, MarkingPractice
from salw.reporting.views.contacts import DirectoryFilter
from salw.states.models import State


class MarkingPracticeForm(forms.ModelForm):
    elements = forms.MultipleChoiceField(
        label=MarkingPractice._meta.get_field("elements").verbose_name,
        choices=MarkElement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    example_image = forms.URLField(
        label=MarkingPractice._meta.get_field("example_image").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = MarkingPractice
        fields = [
            "kind",
            "elements",
            "location",
            "polymer_and_modular",
            "description",
            "example_image",
        ]


def marking_list(request: HttpRequest) -> HttpResponse:
    """Public: how each State marks weapons at manufacture, import and transfer."""
    form = DirectoryFilter(request.GET)
    practices = MarkingPractice.objects.current().select_related("state")
    practices = practices.prefetch_related("state__names")
    if form.is_valid():
        region = form.cleaned_data["region"]
        if region:
            practices = practices.filter(
                Q(state__region__m49=region) | Q(state__subregion__m49=region)
            )
        if form.cleaned_data["q"]:
            text = form.cleaned_data["q"].strip()
            practices = practices.filter(
                Q(state__iso3__iexact=text) | Q(state__names__name__icontains=text)
            ).distinct()
    rows = sorted(practices, key=lambda p: (p.state.name, p.kind))
    return render(request, "reporting/marking.html", {"form": form, "practices": rows})


class OwnMarkingView(RoleRequiredMixin, View):
    """The focal point records the State's marking practices."""

    required_roles = (Role.FOCAL_POINT,)

    def get(self, request: HttpRequest, form: MarkingPracticeForm | None = None) -> HttpResponse:
        state = State.objects.get(pk=request.user.state_id)
        context = {
            "state": state,
            "current": MarkingPractice.objects.current().filter(state=state),
            "form": form or MarkingPracticeForm(),
        }
        return render(request, "reporting/marking_own.html", context, status=400 if form else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MarkingPracticeForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        state = State.objects.get(pk=request.user.state_id)
        details = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            services.record_marking_practice(
                state, form.cleaned_data["kind"], details, actor=request.user
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.get(request, form)
        messages.success(request, _("Marking practice recorded."))
        return redirect("reporting:own_marking")
