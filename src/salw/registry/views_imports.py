"""Import pages: upload a register file, follow its progress, download its bad rows."""

import io
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from salw.core.downloads import attach, table_response
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.registry.choices import WeaponType
from salw.registry.forms import add_service_errors
from salw.registry.importer import background
from salw.registry.importer.columns import (
    COLUMN_HINTS,
    COLUMNS,
    allowed_values,
    coded_columns,
    column_label,
    guess_columns,
    names_a_field,
)
from salw.registry.importer.readers import (
    ENCODINGS,
    check_encoding,
    check_file,
    choose_sheet,
    count_data_rows,
    detect_encoding,
    iter_rows,
    sheet_previews,
)
from salw.registry.importer.run import bad_rows, remembered_headers, start_mapped_import
from salw.registry.models import ImportRun, ImportStatus
from salw.registry.models.scope import WRITE_ROLES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Register file (CSV or XLSX)"))
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"), choices=ENCODINGS.items(), required=False
    )


# The upload waiting for its mapping step, kept in the officer's session (never another's).
PENDING = "registry_import_pending"


class Pending(NamedTuple):
    """The upload waiting for its mapping step: where it is stored and how it is read."""

    path: Path
    name: str
    encoding: str
    sheet: str


class ImportListView(RoleRequiredMixin, View):
    """The State's imports, and the form to start one (the mapping step follows the upload)."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, UploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            path = background.store_upload(form.cleaned_data["file"])
            try:
                # The whole file is read once here, so that a file that cannot be read is
                # refused at the upload, before the mapping step.
                check_file(path)
                encoding = check_encoding(form.cleaned_data["encoding"]) or detect_encoding(path)
                sheet = choose_sheet(path, "", names_a_field)
                count_data_rows(path, encoding, sheet)
            except ValidationError as refused:
                background.discard_refused(path)
                add_service_errors(form, refused)
            else:
                request.session[PENDING] = {
                    "stored": path.name,
                    "name": Path(form.cleaned_data["file"].name or "").name[:255],
                    "encoding": encoding,
                    "sheet": sheet,
                }
                return redirect("registry:import-map")
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
        runs = ImportRun.objects.visible_to(request.user)[:50]
        context = {"runs": runs, "form": form}
        return render(request, "registry/import_list.html", context, status=status)


class ImportMapView(RoleRequiredMixin, View):
    """The mapping step: the workbook's sheets with their first rows to choose the one that
    holds the register, the file's own headers with a choice per field of the register, first
    rows to check it by; the choice of columns is remembered for the State's next file."""

    required_roles = WRITE_ROLES

    def _pending(self, request: HttpRequest) -> Pending | None:
        pending = request.session.get(PENDING)
        if not pending:
            return None
        path = background.upload_dir() / Path(pending["stored"]).name
        if not path.exists():
            return None
        return Pending(path, pending["name"], pending.get("encoding", ""), pending.get("sheet", ""))

    def get(self, request: HttpRequest) -> HttpResponse:
        pending = self._pending(request)
        if pending is None:
            return redirect("registry:imports")
        if "sheet" in request.GET:  # another sheet chosen: its headers and first rows
            try:
                sheet = choose_sheet(pending.path, request.GET["sheet"], names_a_field)
            except ValidationError as refused:
                return self._render(request, pending, chosen=None, errors=refused.messages)
            request.session[PENDING] = {**request.session[PENDING], "sheet": sheet}
            pending = pending._replace(sheet=sheet)
        return self._render(request, pending, chosen=None)

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = self._pending(request)
        if pending is None:
            return redirect("registry:imports")
        chosen = {column: request.POST.get(column, "") for column in COLUMNS}
        try:
            run = start_mapped_import(
                pending.path,
                actor=request.user,
                headers=chosen,
                file_name=pending.name,
                encoding=pending.encoding,
                sheet=pending.sheet,
            )
        except ValidationError as refused:
            return self._render(request, pending, chosen=chosen, errors=refused.messages)
        del request.session[PENDING]
        background.start(run, request.user)
        return redirect("registry:import", pk=run.pk)

    def _render(
        self,
        request: HttpRequest,
        pending: Pending,
        *,
        chosen: dict[str, str] | None,
        errors: list[str] | None = None,
    ) -> HttpResponse:
        try:
            rows = list(
                islice(iter_rows(pending.path, pending.encoding, pending.sheet), PREVIEW_ROWS + 1)
            )
            sheets = sheet_previews(pending.path, PREVIEW_ROWS)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect("registry:imports")
        header = rows[0] if rows else []
        chosen = chosen or guess_columns(header, remembered_headers(request.user))
        fields = [
            {
                "name": column,
                "label": column_label(column),
                "required": required,
                "chosen": chosen.get(column, ""),
                "sample": _sample(header, rows[1:], chosen.get(column, "")),
            }
            for column, required in COLUMNS.items()
        ]
        context = {
            "file_name": pending.name,
            "encoding": pending.encoding,
            "sheet": pending.sheet,
            # Only a workbook of several sheets has a choice to make.
            "sheets": [
                {"number": i, "name": name, "rows": first, "chosen": name == pending.sheet}
                for i, (name, first) in enumerate(sheets, 1)
            ]
            if len(sheets) > 1
            else [],
            "header": [text for text in header if text],
            "fields": fields,
            "errors": errors or [],
        }
        return render(request, "registry/import_map.html", context, status=400 if errors else 200)


PREVIEW_ROWS = 3


def _guide_rows() -> list[dict[str, object]]:
    coded = coded_columns()
    rows = []
    for column, required in COLUMNS.items():
        if column in coded:
            choices, only = coded[column]
            hint = _("One of: %(values)s") % {"values": allowed_values(choices, only)}
        else:
            hint = str(COLUMN_HINTS.get(column, ""))
        rows.append({"label": column_label(column), "required": required, "hint": hint})
    return rows


class ImportGuideView(RoleRequiredMixin, View):
    """The import guide in the reader's language: each column, whether it is needed, and what
    it may hold (the allowed values of coded columns come from the registry's own choices)."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "registry/import_guide.html", {"columns": _guide_rows()})


class ImportTemplateView(RoleRequiredMixin, View):
    """A template workbook: the headers in the reader's language, one example row, and a sheet
    of the allowed values."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = str(_("Register of weapons"))[:31]
        sheet.append([column_label(column) for column in COLUMNS])
        example = {
            "record_number": "KE/2026-0001",
            "weapon_type": str(WeaponType.PISTOL.label),
            "serial": "ABC-123/4",
            "manufacturer": "Glock",
            "model": "Glock 17",
            "calibre": "9x19",
            "year_of_manufacture": "2015",
            "country_of_manufacture": "AUT",
        }
        sheet.append([example.get(column, "") for column in COLUMNS])
        guide = book.create_sheet(str(_("Allowed values"))[:31])
        guide.append([str(_("Field")), str(_("Required")), str(_("What it holds"))])
        for row in _guide_rows():
            guide.append([row["label"], str(_("yes")) if row["required"] else "", row["hint"]])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return attach(response, "register-template.xlsx")


def _sample(header: list[str], rows: list[list[str]], chosen: str) -> str:
    """The first values of the chosen column, so the officer sees the choice is right."""
    if not chosen or chosen not in header:
        return ""
    index = header.index(chosen)
    return " · ".join(str(row[index]) for row in rows if index < len(row) and row[index])


class ImportDetailView(RoleRequiredMixin, View):
    """Progress of one import; refreshes itself while it runs; offers to resume a stopped one."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)
        # Working: a thread of this process has it, or another process wrote a checkpoint lately.
        working = run.status == ImportStatus.RUNNING and (
            run.pk in background.RUNNING or run.working
        )
        context = {
            "run": run,
            "running": working,
            "stopped": run.status == ImportStatus.RUNNING and not working,
            "file_kept": background.stored_path(run).exists(),
        }
        return render(request, "registry/import_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)
        if not background.resume(run, request.user) and run.status == ImportStatus.RUNNING:
            messages.error(
                request,
                _("The file of this import is no longer on the server: upload the same file "
                  "again and it resumes where it stopped."),
            )  # fmt: skip
        return redirect("registry:import", pk=run.pk)


class ImportBadRowsView(RoleRequiredMixin, View):
    """The bad rows of an import as CSV: row number, field, value, reason."""

    required_roles = WRITE_ROLES

    def get(self, request: HttpRequest, pk: int, file_format: str = "csv") -> HttpResponseBase:
        run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)
        return table_response(
            bad_rows(run), f"import-{run.pk}-bad-rows", file_format, title="bad rows"
        )
