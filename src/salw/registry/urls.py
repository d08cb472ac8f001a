from django.urls import path

from salw.registry import views, views_components, views_imports, views_photos, views_stockpiles

app_name = "registry"
urlpatterns = [
    path("", views.RegistryHomeView.as_view(), name="home"),
    path("weapons/", views.WeaponListView.as_view(), name="weapons"),
    path("weapons/new/", views.WeaponCreateView.as_view(), name="weapon-create"),
    path("weapons/<int:pk>/", views.WeaponDetailView.as_view(), name="weapon"),
    path("weapons/<int:pk>/events/new/", views.EventCreateView.as_view(), name="event-create"),
    path("weapons/<int:pk>/marks/new/", views_components.AddMarkingView.as_view(), name="mark-add"),
    path("marks/<int:pk>/photos/", views_photos.MarkingPhotosView.as_view(), name="mark-photos"),
    path("photos/<int:pk>/", views_photos.PhotoFileView.as_view(), name="photo"),
    path(
        "weapons/<int:pk>/components/new/",
        views_components.AddComponentView.as_view(),
        name="component-add",
    ),
    path(
        "weapons/<int:pk>/components/move/",
        views_components.MoveComponentView.as_view(),
        name="component-move",
    ),
    path(
        "weapons/<int:pk>/events/<int:event_id>/correct/",
        views_components.CorrectEventView.as_view(),
        name="event-correct",
    ),
    path("weapons/<int:pk>/record.json", views.WeaponExportView.as_view(), name="weapon-json"),
    path("weapons/<int:pk>/record.pdf", views.WeaponPdfView.as_view(), name="weapon-pdf"),
    path("imports/", views_imports.ImportListView.as_view(), name="imports"),
    path("imports/map/", views_imports.ImportMapView.as_view(), name="import-map"),
    path("imports/guide/", views_imports.ImportGuideView.as_view(), name="import-guide"),
    path(
        "imports/template.xlsx", views_imports.ImportTemplateView.as_view(), name="import-template"
    ),
    path("imports/<int:pk>/", views_imports.ImportDetailView.as_view(), name="import"),
    path(
        "imports/<int:pk>/bad-rows.csv", views_imports.ImportBadRowsView.as_view(), name="bad-rows"
    ),
    path(
        "imports/<int:pk>/bad-rows.xlsx",
        views_imports.ImportBadRowsView.as_view(),
        {"file_format": "xlsx"},
        name="bad-rows-xlsx",
    ),
    path("retention/", views.RetentionView.as_view(), name="retention"),
    path("sites/", views_stockpiles.SiteListView.as_view(), name="sites"),
    path("sites/<int:pk>/", views_stockpiles.SiteDetailView.as_view(), name="site"),
    path("diversions/", views_stockpiles.DiversionView.as_view(), name="diversions"),
    path("counts/<int:pk>/", views_stockpiles.CountDetailView.as_view(), name="count"),
]
