"""Case pages: a State's cases, and one case with its requests, weapons and suggested links."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.registry.forms import add_service_errors
from salw.registry.models import Weapon
from salw.tracing.cases import (
    add_to_case,
    case_contents,
    case_suggestions,
    open_case,
    shared_labels,
)
from salw.tracing.models import TracingRequest
from salw.tracing.models_cases import TracingCase

OFFICER = (Role.TRACING_OFFICER,)


class CaseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)


class CaseListView(RoleRequiredMixin, View):
    required_roles = OFFICER

    def get(self, request: HttpRequest) -> HttpResponse:
        cases = TracingCase.objects.visible_to(request.user).select_related("state")
        return render(request, "tracing/case_list.html", {"cases": cases, "form": CaseForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CaseForm(request.POST)
        if form.is_valid():
            try:
                case = open_case(form.cleaned_data["title"], actor=request.user)
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                return redirect("tracing:case", pk=case.pk)
        cases = TracingCase.objects.visible_to(request.user)
        return render(request, "tracing/case_list.html", {"cases": cases, "form": form}, status=400)


class CaseDetailView(RoleRequiredMixin, View):
    required_roles = OFFICER

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        case = get_visible_or_404(TracingCase.objects.all(), user, pk=pk)
        contents = case_contents(case, user)
        labels = shared_labels()
        suggestions = [
            (other, [labels[kind] for kind in kinds])
            for other, kinds in case_suggestions(case, user)
        ]
        context = {
            "case": case,
            "requests": contents.requests,
            "weapons": contents.weapons,
            "suggestions": suggestions,
            "editable": case.state_id == user.state_id,
            "addable": TracingRequest.objects.visible_to(user).exclude(cases=case),
        }
        return render(request, "tracing/case_detail.html", context)


class CaseAddView(RoleRequiredMixin, View):
    """Add a request (by id) or a weapon of the own registry (by id) to the State's case."""

    required_roles = OFFICER

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        case = get_visible_or_404(TracingCase.objects.all(), user, pk=pk)
        tracing_request = weapon = None
        if request.POST.get("request"):
            tracing_request = get_visible_or_404(
                TracingRequest.objects.all(), user, pk=request.POST["request"]
            )
        if request.POST.get("weapon"):
            weapon = Weapon.objects.visible_to(user).filter(pk=request.POST["weapon"]).first()
            if weapon is None:
                raise Http404
        add_to_case(case, actor=user, request=tracing_request, weapon=weapon)
        messages.success(request, _("Added to the case."))
        return redirect("tracing:case", pk=pk)
