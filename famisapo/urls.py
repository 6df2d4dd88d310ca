from django.urls import path

from . import (
    views,
    views_activities,
    views_care,
    views_hub,
    views_months,
    views_reports,
    views_settings,
    views_transfer,
)

app_name = "famisapo"

urlpatterns = [
    path("<uuid:centre_id>/", views.centre_detail, name="centre"),
    path("<uuid:centre_id>/members/", views.member_list, name="members"),
    path("<uuid:centre_id>/members/new/", views.member_new, name="member_new"),
    path("<uuid:centre_id>/training/expiring/", views.expiring, name="expiring"),
    path("members/<uuid:member_id>/", views.member_detail, name="member"),
    path("members/<uuid:member_id>/help/", views.helper_edit, name="helper_edit"),
    path("members/<uuid:member_id>/status/", views.member_status, name="member_status"),
    path("members/<uuid:member_id>/training/new/", views.training_new, name="training_new"),
    path("members/<uuid:member_id>/children/new/", views_activities.child_new, name="child_new"),
    path(
        "members/<uuid:member_id>/activities/unarranged/",
        views_activities.activity_unarranged,
        name="activity_unarranged",
    ),
    path(
        "members/<uuid:member_id>/requests/new/", views_activities.request_new, name="request_new"
    ),
    path("<uuid:centre_id>/worklist/", views_activities.worklist, name="worklist"),
    path("requests/<uuid:request_id>/", views_activities.request_detail, name="request"),
    path(
        "requests/<uuid:request_id>/answer/", views_activities.request_answer, name="request_answer"
    ),
    path("requests/<uuid:request_id>/close/", views_activities.request_close, name="request_close"),
    path(
        "requests/<uuid:request_id>/meeting/new/", views_activities.meeting_new, name="meeting_new"
    ),
    path(
        "requests/<uuid:request_id>/activity/new/",
        views_activities.activity_new,
        name="activity_new",
    ),
    path("activities/<uuid:activity_id>/", views_activities.activity_detail, name="activity"),
    path(
        "activities/<uuid:activity_id>/confirm/",
        views_activities.activity_confirm,
        name="activity_confirm",
    ),
    path("<uuid:centre_id>/months/<str:month>/", views_months.month, name="month"),
    path(
        "<uuid:centre_id>/months/<str:month>/close/", views_months.month_close, name="month_close"
    ),
    path(
        "<uuid:centre_id>/months/<str:month>/statement.pdf",
        views_months.statement_pdf,
        name="statement_pdf",
    ),
    path(
        "<uuid:centre_id>/months/<str:month>/statement.xlsx",
        views_months.statement_xlsx,
        name="statement_xlsx",
    ),
    path("<uuid:centre_id>/reports/<str:period>/", views_reports.centre_report, name="report"),
    path(
        "municipality/<str:code>/reports/<str:period>/",
        views_reports.municipality_report,
        name="municipality_report",
    ),
    path(
        "municipality/<str:code>/alerts/",
        views_care.municipality_alerts,
        name="municipality_alerts",
    ),
    path("<uuid:centre_id>/supply/<str:period>/", views_reports.supply_page, name="supply"),
    path("<uuid:centre_id>/settings/", views_settings.centre_settings, name="settings"),
    path(
        "<uuid:centre_id>/settings/disposal/",
        views_settings.dispose_members,
        name="dispose_members",
    ),
    path("hubs/<uuid:hub_id>/membership/", views_hub.hub_membership, name="hub_membership"),
    path("hubs/<uuid:hub_id>/concerns/", views_hub.hub_concerns, name="hub_concerns"),
    path("<uuid:centre_id>/import/", views_transfer.import_upload, name="import"),
    path("<uuid:centre_id>/import/confirm/", views_transfer.import_confirm, name="import_confirm"),
    path("<uuid:centre_id>/export/", views_transfer.export_page, name="export"),
    path(
        "<uuid:centre_id>/export/<slug:kind>.<str:fmt>",
        views_transfer.export_download,
        name="export_download",
    ),
    path("<uuid:centre_id>/incidents/", views_care.incidents, name="incidents"),
    path("activities/<uuid:activity_id>/concerns/new/", views_care.concern_new, name="concern_new"),
    path(
        "activities/<uuid:activity_id>/concerns/<int:pk>/handle/",
        views_care.concern_handle,
        name="concern_handle",
    ),
]
