from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("salw.portal.urls")),
    path("states/", include("salw.states.urls")),
    path("account/", include("salw.accounts.urls")),
    path("reports/", include("salw.reporting.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("salw.api.urls")),
]
