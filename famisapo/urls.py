from django.urls import path

from . import views

app_name = "famisapo"

urlpatterns = [
    path("<uuid:centre_id>/", views.centre_detail, name="centre"),
    path("<uuid:centre_id>/members/", views.member_list, name="members"),
    path("<uuid:centre_id>/members/new/", views.member_new, name="member_new"),
    path("<uuid:centre_id>/training/expiring/", views.expiring, name="expiring"),
    path("members/<uuid:member_id>/", views.member_detail, name="member"),
    path("members/<uuid:member_id>/status/", views.member_status, name="member_status"),
    path("members/<uuid:member_id>/training/new/", views.training_new, name="training_new"),
]
