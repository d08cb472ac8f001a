"""Lost or stolen alerts: the open ones (or those handled), and marking one handled."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin, get_editable_or_404
from salw.tracing.alerts import mark_alert_handled
from salw.tracing.filters import AlertFilter
from salw.tracing.models import LostStolenAlert

OFFICER = (Role.TRACING_OFFICER,)


class HandleAlertForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"), max_length=2000, required=False, strip=True
    )


def alerts_shown(request: HttpRequest) -> tuple[AlertFilter, bool]:
    """The alerts the user's State got, open ones unless `?handled=true`."""
    data = request.GET.copy()
    data.setdefault("handled", "false")
    alerts = LostStolenAlert.objects.visible_to(request.user).select_related(
        "weapon", "request", "handled_by"
    )
    found = AlertFilter(data, queryset=alerts, request=request)
    return found, found.form.is_valid() and found.form.cleaned_data["handled"] is True


class AlertListView(RoleRequiredMixin, View):
    required_roles = OFFICER

    def get(self, request: HttpRequest) -> HttpResponse:
        found, handled = alerts_shown(request)
        context = {"alerts": found.qs, "handled": handled, "form": HandleAlertForm()}
        return render(request, "tracing/alert_list.html", context)


class AlertHandleView(RoleRequiredMixin, View):
    """Mark an alert of the State handled, with an optional note; back to where the form was."""

    required_roles = OFFICER

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alert = get_editable_or_404(LostStolenAlert.objects.all(), request.user, pk=pk)
        form = HandleAlertForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["note"]))
        else:
            try:
                mark_alert_handled(alert, actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as refused:
                messages.error(request, " ".join(refused.messages))
            else:
                messages.success(request, _("The alert is marked handled."))
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("tracing:alerts")
        return redirect(back)
