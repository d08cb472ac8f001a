from django.urls import path

from salw.tracing import views

app_name = "tracing"
urlpatterns = [
    path("match/", views.MatchView.as_view(), name="match"),
]
