from django.urls import path

from salw.states import views

app_name = "states"
urlpatterns = [
    path("", views.state_list, name="list"),
    path("contacts/", views.ContactDirectoryView.as_view(), name="contacts"),
    path("<str:iso3>/", views.state_detail, name="detail"),
    path("<str:iso3>/pdf/", views.state_pdf, name="pdf"),
    path(
        "<str:iso3>/contacts/<str:scope>/edit/",
        views.EditContactView.as_view(),
        name="contact_edit",
    ),
    path("<str:iso3>/marking/", views.marking_practice, name="marking"),
    path("<str:iso3>/marking/edit/", views.EditMarkingPracticeView.as_view(), name="marking_edit"),
    path(
        "<str:iso3>/marking/examples/<str:token>/",
        views.marking_example_image,
        name="marking_example",
    ),
]
