from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from salw.accounts.api.views import UserViewSet
from salw.reporting.api.secretariat import (
    ContactViewSet,
    MarkingPracticeViewSet,
    ReportingStatusViewSet,
)
from salw.reporting.api.views import (
    CycleViewSet,
    PublishedReportViewSet,
    ReportViewSet,
    TemplateViewSet,
)
from salw.states.api.views import StateViewSet

router = DefaultRouter()
router.register("states", StateViewSet, basename="state")
router.register("users", UserViewSet, basename="user")
router.register("reports", ReportViewSet, basename="report")
router.register("public-reports", PublishedReportViewSet, basename="public-report")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("templates", TemplateViewSet, basename="template")
router.register("reporting-status", ReportingStatusViewSet, basename="reporting-status")
router.register("contacts", ContactViewSet, basename="contact")
router.register("marking-practices", MarkingPracticeViewSet, basename="marking-practice")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
