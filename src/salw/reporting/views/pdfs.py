"""Reports as PDF: a State's own versions (drafts printed for clearance) and published reports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.reporting.models import Report
from salw.reporting.pdf import FontsMissing, report_pdf
from salw.reporting.views.drafts import READ_ROLES
from salw.reporting.views.public import published_reports


def _pdf_response(report: Report, language: str) -> HttpResponse:
    try:
        data = report_pdf(report, language)
    except FontsMissing as missing:
        text = _("PDF fonts are not installed on the server: %(fonts)s.") % {"fonts": missing}
        return HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{report.state.iso3}-{report.cycle.meeting.code}-v{report.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class ReportPdfView(RoleRequiredMixin, View):
    """Any version the user may see, drafts included (printed for internal clearance)."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
        return _pdf_response(report, request.LANGUAGE_CODE)


def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a published report as PDF."""
    return _pdf_response(get_object_or_404(published_reports(), pk=pk), request.LANGUAGE_CODE)
