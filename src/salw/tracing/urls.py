from django.urls import path

from salw.tracing import views, views_requests

app_name = "tracing"
urlpatterns = [
    path("match/", views.MatchView.as_view(), name="match"),
    path("requests/", views_requests.RequestListView.as_view(), name="requests"),
    path("requests/new/", views_requests.RequestCreateView.as_view(), name="request_new"),
    path("requests/<int:pk>/", views_requests.RequestDetailView.as_view(), name="request"),
    path("requests/<int:pk>/answer/", views_requests.AnswerView.as_view(), name="answer"),
    path(
        "requests/<int:pk>/<slug:step>/",
        views_requests.RequestStepView.as_view(),
        name="request_step",
    ),
    path("statistics/", views_requests.StatisticsView.as_view(), name="statistics"),
]
