from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from salw.accounts.api.views import UserViewSet
from salw.registry.api.views import (
    ManufacturerViewSet,
    MarkingSearchViewSet,
    SiteViewSet,
    WeaponViewSet,
)
from salw.states.api.views import StateViewSet

router = DefaultRouter()
router.register("states", StateViewSet, basename="state")
router.register("users", UserViewSet, basename="user")
router.register("registry/weapons", WeaponViewSet, basename="registry-weapon")
router.register("registry/markings", MarkingSearchViewSet, basename="registry-marking")
router.register("registry/sites", SiteViewSet, basename="registry-site")
router.register("registry/manufacturers", ManufacturerViewSet, basename="registry-manufacturer")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
