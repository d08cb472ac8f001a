"""Reports as PDF: a State's own versions (drafts printed for clearance) and published reports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from salw.core.pdf import pdf_response
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.reporting.models import Report
from salw.reporting.pdf import report_pdf
from salw.reporting.views.drafts import READ_ROLES
from salw.reporting.views.public import published_reports


def _pdf_response(report: Report, language: str) -> HttpResponse:
    name = f"{report.state.iso3}-{report.cycle.meeting.code}-v{report.version}.pdf"
    return pdf_response(lambda: report_pdf(report, language), name)


class ReportPdfView(RoleRequiredMixin, View):
    """Any version the user may see, drafts included (printed for internal clearance)."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
        return _pdf_response(report, request.LANGUAGE_CODE)


def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a published report as PDF."""
    return _pdf_response(get_object_or_404(published_reports(), pk=pk), request.LANGUAGE_CODE)
