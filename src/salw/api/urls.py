from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from salw.accounts.api.views import UserViewSet
from salw.registry.api.stockpiles import DiversionViewSet, ImportRunViewSet, InventoryCountViewSet
from salw.registry.api.views import (
    ManufacturerViewSet,
    MarkingSearchViewSet,
    SiteViewSet,
    WeaponViewSet,
)
from salw.reporting.api.secretariat import (
    ReportingStatusViewSet,
)
from salw.reporting.api.views import (
    CycleViewSet,
    PublishedReportViewSet,
    ReportViewSet,
    TemplateViewSet,
)
from salw.states.api.views import MarkingPracticeViewSet, PointOfContactViewSet, StateViewSet
from salw.tracing.api.alerts import LostStolenAlertViewSet
from salw.tracing.api.cases import Sdg1642ViewSet, TracingCaseViewSet
from salw.tracing.api.requests import TracingRequestViewSet
from salw.tracing.api.views import MatchView as TracingMatchView

router = DefaultRouter()
router.register("states", StateViewSet, basename="state")
router.register("users", UserViewSet, basename="user")
router.register("points-of-contact", PointOfContactViewSet, basename="point-of-contact")
router.register("marking-practices", MarkingPracticeViewSet, basename="marking-practice")
router.register("registry/weapons", WeaponViewSet, basename="registry-weapon")
router.register("registry/markings", MarkingSearchViewSet, basename="registry-marking")
router.register("registry/sites", SiteViewSet, basename="registry-site")
router.register("registry/counts", InventoryCountViewSet, basename="registry-count")
router.register("registry/diversions", DiversionViewSet, basename="registry-diversion")
router.register("registry/imports", ImportRunViewSet, basename="registry-import")
router.register("registry/manufacturers", ManufacturerViewSet, basename="registry-manufacturer")
router.register("reports", ReportViewSet, basename="report")
router.register("public-reports", PublishedReportViewSet, basename="public-report")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("templates", TemplateViewSet, basename="template")
router.register("reporting-status", ReportingStatusViewSet, basename="reporting-status")
router.register("tracing/requests", TracingRequestViewSet, basename="tracing-request")
router.register("tracing/alerts", LostStolenAlertViewSet, basename="tracing-alert")
router.register("tracing/cases", TracingCaseViewSet, basename="tracing-case")
router.register("tracing/sdg-16-4-2", Sdg1642ViewSet, basename="tracing-sdg-16-4-2")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("tracing/match/", TracingMatchView.as_view(), name="tracing-match"),
    path("", include(router.urls)),
]
