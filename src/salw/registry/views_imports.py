"""Import pages: upload a register file, follow its progress, download its bad rows."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.registry.forms import add_service_errors
from salw.registry.importer import background
from salw.registry.importer.columns import column_label
from salw.registry.importer.run import prepare_import
from salw.registry.models import ImportRun, ImportStatus
from salw.registry.models.scope import WRITE_ROLES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Register file (CSV or XLSX)"))
    mapping = forms.CharField(
        label=_("Column mapping, one COLUMN=HEADER per line (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_mapping(self) -> dict[str, str]:
        mapping = {}
        for line in self.cleaned_data["mapping"].splitlines():
            if not line.strip():
                continue
            column, sep, header = line.partition("=")
            if not sep:
                raise ValidationError(_("Write each line as COLUMN=HEADER."))
            mapping[column.strip()] = header.strip()
        return mapping


class ImportListView(RoleRequiredMixin, View):
    """The State's imports, and the form to start one."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, UploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            path = background.store_upload(form.cleaned_data["file"])
            try:
                run = prepare_import(
                    path,
                    actor=request.user,
                    mapping=form.cleaned_data["mapping"] or None,
                    count_rows=True,
                    file_name=Path(form.cleaned_data["file"].name).name,
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                background.start(run, request.user)
                return redirect("registry:import", pk=run.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
        runs = ImportRun.objects.visible_to(request.user)[:50]
        context = {"runs": runs, "form": form}
        return render(request, "registry/import_list.html", context, status=status)


class ImportDetailView(RoleRequiredMixin, View):
    """Progress of one import; refreshes itself while it runs; offers to resume a stopped one."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)
        running = run.status == ImportStatus.RUNNING
        context = {
            "run": run,
            "running": running and run.pk in background.RUNNING,
            "stopped": running and run.pk not in background.RUNNING,
        }
        return render(request, "registry/import_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)
        if run.status == ImportStatus.RUNNING and background.stored_path(run).exists():
            background.start(run, request.user)
        return redirect("registry:import", pk=run.pk)


class ImportBadRowsView(RoleRequiredMixin, View):
    """The bad rows of an import as CSV: row number, field, value, reason."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)

        language = translation.get_language()

        def lines() -> Iterator[str]:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(["row", "field", "value", "reason"])
            problems = run.problems.order_by("row_number", "id").iterator(chunk_size=5000)
            with translation.override(language):  # streamed after the view has returned
                for problem in problems:
                    field = column_label(problem.field)
                    writer.writerow([problem.row_number, field, problem.value, problem.reason])
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-bad-rows.csv"'
        return response
