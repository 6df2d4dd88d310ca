from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path(
        "hubs/<uuid:hub_id>/eligibility/<int:fiscal_year>/",
        views.eligibility_hub,
        name="eligibility_hub",
    ),
    path(
        "hubs/<uuid:hub_id>/eligibility/<int:fiscal_year>/pdf/",
        views.eligibility_hub,
        {"fmt": "pdf"},
        name="eligibility_hub_pdf",
    ),
    path(
        "hubs/<uuid:hub_id>/eligibility/<int:fiscal_year>/what-if/",
        views.eligibility_what_if,
        name="eligibility_what_if",
    ),
    path(
        "usage-summary/hub/<uuid:hub_id>/<int:fiscal_year>/",
        views.usage_summary_hub,
        name="usage_summary_hub",
    ),
    path(
        "usage-summary/hub/<uuid:hub_id>/<int:fiscal_year>/<str:fmt>/",
        views.usage_summary_hub,
        name="usage_summary_hub_file",
    ),
    path(
        "usage-summary/municipality/<str:code>/<int:fiscal_year>/",
        views.usage_summary_municipality,
        name="usage_summary_municipality",
    ),
    path(
        "usage-summary/municipality/<str:code>/<int:fiscal_year>/<str:fmt>/",
        views.usage_summary_municipality,
        name="usage_summary_municipality_file",
    ),
    path(
        "usage-summary/prefecture/<str:code>/<int:fiscal_year>/",
        views.usage_summary_prefecture,
        name="usage_summary_prefecture",
    ),
    path(
        "usage-summary/prefecture/<str:code>/<int:fiscal_year>/<str:fmt>/",
        views.usage_summary_prefecture,
        name="usage_summary_prefecture_file",
    ),
]
