from salw.reporting.views.drafts import (
    AmendView,
    CheckView,
    DiffView,
    ExportJsonView,
    ReportDetailView,
    ReportListView,
    SectionView,
    VisibilityView,
)
from salw.reporting.views.pdfs import ReportFileView, ReportPdfView, public_file, public_pdf
from salw.reporting.views.public import country_profile, cycle_csv, public_detail, report_list
from salw.reporting.views.secretariat import RemindView, StatusView
from salw.reporting.views.workbooks import WorkbookDownloadView, WorkbookUploadView

__all__ = [
    "AmendView",
    "CheckView",
    "DiffView",
    "ExportJsonView",
    "ReportDetailView",
    "ReportFileView",
    "ReportListView",
    "ReportPdfView",
    "SectionView",
    "StatusView",
    "RemindView",
    "VisibilityView",
    "WorkbookDownloadView",
    "WorkbookUploadView",
    "country_profile",
    "cycle_csv",
    "public_detail",
    "public_file",
    "public_pdf",
    "report_list",
]
