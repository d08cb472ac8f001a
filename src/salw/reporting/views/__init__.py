from salw.reporting.views.drafts import (
    AmendView,
    DiffView,
    ExportJsonView,
    ReportDetailView,
    ReportListView,
    SectionView,
    SubmitView,
    VisibilityView,
)
from salw.reporting.views.public import country_profile, cycle_csv, public_detail, report_list

__all__ = [
    "AmendView",
    "DiffView",
    "ExportJsonView",
    "ReportDetailView",
    "ReportListView",
    "SectionView",
    "SubmitView",
    "VisibilityView",
    "country_profile",
    "cycle_csv",
    "public_detail",
    "report_list",
]
