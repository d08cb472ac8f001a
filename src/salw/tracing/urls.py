from django.urls import path

from salw.tracing import (
    views,
    views_alerts,
    views_cases,
    views_exchange,
    views_photos,
    views_requests,
    views_sdg,
)

app_name = "tracing"
urlpatterns = [
    path("match/", views.MatchView.as_view(), name="match"),
    path("requests/", views_requests.RequestListView.as_view(), name="requests"),
    path("requests/new/", views_requests.RequestCreateView.as_view(), name="request_new"),
    path("requests/import/", views_exchange.ExchangeImportView.as_view(), name="exchange_import"),
    path("requests/<int:pk>/", views_requests.RequestDetailView.as_view(), name="request"),
    path("requests/<int:pk>/edit/", views_requests.RequestEditView.as_view(), name="request_edit"),
    path(
        "requests/<int:pk>/exchange.json",
        views_requests.RequestExchangeView.as_view(),
        name="request_exchange",
    ),
    path(
        "requests/<int:pk>/photos/",
        views_photos.RequestPhotoAddView.as_view(),
        name="request_photo_add",
    ),
    path("photos/<int:pk>/", views_photos.RequestPhotoFileView.as_view(), name="request_photo"),
    path(
        "requests/<int:pk>/request.pdf", views_requests.RequestPdfView.as_view(), name="request_pdf"
    ),
    path("requests/<int:pk>/answer/", views_requests.AnswerView.as_view(), name="answer"),
    path(
        "requests/<int:pk>/<slug:step>/",
        views_requests.RequestStepView.as_view(),
        name="request_step",
    ),
    path("alerts/", views_alerts.AlertListView.as_view(), name="alerts"),
    path("alerts/<int:pk>/handle/", views_alerts.AlertHandleView.as_view(), name="alert_handle"),
    path("cases/", views_cases.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", views_cases.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/add/", views_cases.CaseAddView.as_view(), name="case_add"),
    path("sdg-16-4-2/", views_sdg.SdgView.as_view(), name="sdg"),
    path("sdg-16-4-2/<int:year>/", views_sdg.SdgYearView.as_view(), name="sdg_year"),
    path("statistics/", views_requests.StatisticsView.as_view(), name="statistics"),
]
