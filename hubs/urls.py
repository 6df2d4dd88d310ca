from django.urls import path

from . import views, views_activities, views_master, views_schedule, views_transfer

app_name = "hubs"

urlpatterns = [
    path("", views.hub_list, name="list"),
    path("<uuid:hub_id>/", views.hub_detail, name="detail"),
    path("<uuid:hub_id>/staff/", views.hub_staff, name="staff"),
    path("<uuid:hub_id>/edit/", views_master.hub_edit, name="hub_edit"),
    path("<uuid:hub_id>/services/add/", views_master.service_add, name="service_add"),
    path("<uuid:hub_id>/services/<int:pk>/", views_master.service_edit, name="service_edit"),
    path("<uuid:hub_id>/staff/add/", views_master.staff_add, name="staff_add"),
    path("<uuid:hub_id>/staff/<uuid:staff_id>/", views_master.staff_member, name="staff_member"),
    path(
        "<uuid:hub_id>/staff/<uuid:staff_id>/edit/",
        views_master.staff_member_edit,
        name="staff_member_edit",
    ),
    path(
        "<uuid:hub_id>/staff/<uuid:staff_id>/<str:kind>/add/",
        views_master.staff_part_add,
        name="staff_part_add",
    ),
    path(
        "<uuid:hub_id>/staff/<uuid:staff_id>/<str:kind>/<int:pk>/",
        views_master.staff_part_edit,
        name="staff_part_edit",
    ),
    path("<uuid:hub_id>/schedule/new/", views_schedule.schedule_new, name="schedule_new"),
    path("<uuid:hub_id>/closures/new/", views_schedule.closure_new, name="closure_new"),
    path("<uuid:hub_id>/usage/<int:year>/<int:month>/", views.usage_month, name="usage_month"),
    path("<uuid:hub_id>/usage/<str:date>/cell/", views.usage_cell, name="usage_cell"),
    path("<uuid:hub_id>/events/<int:fiscal_year>/", views_activities.event_list, name="events"),
    path("<uuid:hub_id>/events/add/", views_activities.event_add, name="event_add"),
    path("<uuid:hub_id>/events/item/<int:pk>/", views_activities.event_edit, name="event_edit"),
    path(
        "<uuid:hub_id>/outreach/<int:fiscal_year>/", views_activities.outreach_list, name="outreach"
    ),
    path("<uuid:hub_id>/outreach/add/", views_activities.outreach_add, name="outreach_add"),
    path(
        "<uuid:hub_id>/outreach/item/<int:pk>/",
        views_activities.outreach_edit,
        name="outreach_edit",
    ),
    path(
        "<uuid:hub_id>/temporary-care/<int:year>/<int:month>/",
        views_activities.temporary_care_month,
        name="temporary_care_month",
    ),
    path(
        "<uuid:hub_id>/temporary-care/<str:date>/",
        views_activities.temporary_care_day,
        name="temporary_care_day",
    ),
    path("municipality/<str:code>/import/", views_transfer.import_upload, name="import"),
    path(
        "municipality/<str:code>/import/confirm/",
        views_transfer.import_confirm,
        name="import_confirm",
    ),
    path("municipality/<str:code>/export/", views_transfer.export_page, name="export"),
    path(
        "municipality/<str:code>/export/<str:kind>/<str:fmt>/",
        views_transfer.export_download,
        name="export_download",
    ),
]
