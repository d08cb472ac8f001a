"""The offline workbook pages: download a draft as XLSX, upload the filled workbook."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from salw.core.downloads import XLSX_CONTENT_TYPE, attach
from salw.core.permissions import RoleRequiredMixin, get_editable_or_404, get_visible_or_404
from salw.reporting import services
from salw.reporting.models import Report
from salw.reporting.models.reports import DRAFTING_ROLES
from salw.reporting.views.drafts import ReportDetailView, no_longer_editable
from salw.reporting.workbook import MAX_BYTES, WorkbookError, export_workbook


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("Filled workbook (.xlsx)"))


class WorkbookDownloadView(RoleRequiredMixin, View):
    required_roles = DRAFTING_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
        if not report.is_draft:
            return no_longer_editable(request, report)
        report = get_editable_or_404(Report.objects.all(), request.user, pk=pk)
        data = export_workbook(report, services.answer_values(report), request.LANGUAGE_CODE)
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        name = f"{report.state.iso3}-{report.cycle.meeting.code}-v{report.version}.xlsx"
        return attach(response, name)


class WorkbookUploadView(RoleRequiredMixin, View):
    required_roles = DRAFTING_ROLES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
        if not report.is_draft:
            return no_longer_editable(request, report)
        report = get_editable_or_404(Report.objects.all(), request.user, pk=pk)
        form = WorkbookUploadForm(request.POST, request.FILES)
        problems: list[str] = []
        if not form.is_valid():
            problems = [_("Choose the workbook file to upload.")]
        elif form.cleaned_data["workbook"].size > MAX_BYTES:
            problems = [_("The file is larger than 5 MB.")]
        else:
            try:
                services.import_workbook(
                    report, form.cleaned_data["workbook"].read(), actor=request.user
                )
            except WorkbookError as refused:
                problems = refused.problems
            except services.StaleEdit as stale:
                problems = [
                    _(
                        "Answers %(numbers)s were changed by someone else after this workbook "
                        "was downloaded: download it again."
                    )
                    % {"numbers": ", ".join(q.number for q in stale.questions)}
                ]
        if problems:
            messages.error(request, _("The workbook was not imported; nothing was changed."))
            for problem in problems:
                messages.error(request, problem)
            return ReportDetailView().render(request, report, status=400)
        messages.success(request, _("Workbook imported."))
        return redirect("reporting:detail", pk=report.pk)
