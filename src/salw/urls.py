from django.contrib.auth import views as auth_views
from django.urls import include, path

from salw.accounts.views import forgot_password

urlpatterns = [
    path("", include("salw.portal.urls")),
    path("states/", include("salw.states.urls")),
    path("account/", include("salw.accounts.urls")),
    path("registry/", include("salw.registry.urls")),
    path("reports/", include("salw.reporting.urls")),
    path("tracing/", include("salw.tracing.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/forgot/", forgot_password, name="password_reset"),
    path(
        "password/choose/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/chosen/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/", include("salw.api.urls")),
]

handler400 = "salw.portal.errors.bad_request"
handler403 = "salw.portal.errors.permission_denied"
handler404 = "salw.portal.errors.page_not_found"
handler500 = "salw.portal.errors.server_error"
