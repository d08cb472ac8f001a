"""Reports as PDF (drafts printed for clearance, published reports) and attached documents."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from salw.core.downloads import attach
from salw.core.pdf import pdf_response
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.reporting.models import Report
from salw.reporting.pdf import report_pdf
from salw.reporting.views.drafts import READ_ROLES
from salw.reporting.views.public import published_reports


def _pdf_response(request: HttpRequest, report: Report, *, public: bool) -> HttpResponse:
    name = f"{report.state.iso3}-{report.cycle.meeting.code}-v{report.version}.pdf"
    language = request.LANGUAGE_CODE
    return pdf_response(lambda: report_pdf(report, language, public=public, request=request), name)


class ReportPdfView(RoleRequiredMixin, View):
    """Any version the user may see, drafts included (printed for internal clearance)."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
        return _pdf_response(request, report, public=False)


def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a published report as PDF, exactly what its public page shows."""
    report = get_object_or_404(published_reports(), pk=pk)
    return _pdf_response(request, report, public=True)


def _file_response(report: Report, file_id: int) -> HttpResponse:
    from django.http import Http404

    from salw.reporting import services

    attached = services.file_of_answer(report, file_id)
    if attached is None:
        raise Http404
    response = HttpResponse(bytes(attached.data), content_type=attached.content_type)
    return attach(response, attached.name or "document")


class ReportFileView(RoleRequiredMixin, View):
    """A document attached to a report the user may see."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
        report = get_visible_or_404(Report.objects.all(), request.user, pk=pk)
        return _file_response(report, file_id)


def public_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    """Public: a document attached to a published report."""
    return _file_response(get_object_or_404(published_reports(), pk=pk), file_id)
