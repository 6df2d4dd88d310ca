from django.urls import path

from . import views, views_family

app_name = "portal"

# The paths are those the pages had when they lived in hubs: bookmarks keep working.
urlpatterns = [
    path("hubs/municipality/<str:code>/", views.municipality_detail, name="municipality"),
    path("hubs/prefecture/<str:code>/", views.prefecture_detail, name="prefecture"),
    path("families/<uuid:family_id>/", views_family.family_detail, name="family"),
]
