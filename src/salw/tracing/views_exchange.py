"""Taking in an exchange document on a page: the same `import_document` as the API and CLI."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin
from salw.tracing.exchange import MAX_DOCUMENT_BYTES, check_size, import_document, read_document

TEMPLATE = "tracing/exchange_import.html"


class ExchangeImportForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Exchange document (JSON)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )


class ExchangeImportView(RoleRequiredMixin, View):
    """A request received from another installation, or the answers to one of ours."""

    required_roles = (Role.TRACING_OFFICER,)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ExchangeImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ExchangeImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form, status=400)
        upload = form.cleaned_data["document"]
        try:
            check_size(upload.size or 0)
            taken = import_document(
                read_document(upload.read(MAX_DOCUMENT_BYTES + 1)), actor=request.user
            )
        except ValidationError as refused:
            return self._page(request, form, refused=refused.messages, status=400)
        except PermissionDenied as refused:
            if not str(refused):
                raise
            return self._page(request, form, refused=[str(refused)], status=403)
        return redirect("tracing:request", pk=taken.pk)

    def _page(
        self, request: HttpRequest, form: ExchangeImportForm, status: int = 200, **extra: Any
    ) -> HttpResponse:
        return render(request, TEMPLATE, {"form": form, **extra}, status=status)
