from django.urls import path

from salw.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/section/<slug:key>/", views.SectionView.as_view(), name="section"),
    path("<int:pk>/check/", views.CheckView.as_view(), name="check"),
    path("<int:pk>/submit/", views.CheckView.as_view(), name="submit"),
    path("<int:pk>/amend/", views.AmendView.as_view(), name="amend"),
    path("<int:pk>/publication/", views.VisibilityView.as_view(), name="visibility"),
    path("<int:pk>/changes/", views.DiffView.as_view(), name="diff"),
    path("<int:pk>/export.json", views.ExportJsonView.as_view(), name="export_json"),
    path("<int:pk>/report.pdf", views.ReportPdfView.as_view(), name="pdf"),
    path("<int:pk>/files/<int:file_id>/", views.ReportFileView.as_view(), name="file"),
    path("<int:pk>/workbook.xlsx", views.WorkbookDownloadView.as_view(), name="workbook"),
    path("<int:pk>/workbook/", views.WorkbookUploadView.as_view(), name="workbook_upload"),
    path("status/", views.StatusView.as_view(), name="status"),
    path("status/remind/", views.RemindView.as_view(), name="remind"),
    path("public/", views.report_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/report.pdf", views.public_pdf, name="public_pdf"),
    path("public/<int:pk>/files/<int:file_id>/", views.public_file, name="public_file"),
    path("profiles/<str:iso3>/", views.country_profile, name="profile"),
    path("cycles/<slug:code>/answers.csv", views.cycle_csv, name="cycle_csv"),
    path(
        "cycles/<slug:code>/answers.xlsx",
        views.cycle_csv,
        {"file_format": "xlsx"},
        name="cycle_xlsx",
    ),
]
