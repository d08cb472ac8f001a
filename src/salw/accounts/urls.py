from django.urls import path

from salw.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("team/add/", views.AddMemberView.as_view(), name="add_member"),
    path("team/<int:pk>/", views.MemberView.as_view(), name="member"),
]
