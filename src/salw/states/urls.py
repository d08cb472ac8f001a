from django.urls import path

from salw.states import views

app_name = "states"
urlpatterns = [
    path("", views.state_list, name="list"),
    path("<str:iso3>/", views.state_detail, name="detail"),
    path("<str:iso3>/pdf/", views.state_pdf, name="pdf"),
]
