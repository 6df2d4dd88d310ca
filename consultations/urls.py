from django.urls import path

from . import views, views_municipal, views_records, views_site

app_name = "consultations"

urlpatterns = [
    # At a hub
    path("hubs/<uuid:hub_id>/families/", views.family_search, name="family_search"),
    path("hubs/<uuid:hub_id>/families/new/", views.family_new, name="family_new"),
    path(
        "hubs/<uuid:hub_id>/consultations/",
        views_records.hub_consultations,
        name="hub_consultations",
    ),
    path(
        "hubs/<uuid:hub_id>/consultations/new/",
        views_records.anonymous_consultation_new,
        name="anonymous_new",
    ),
    path("hubs/<uuid:hub_id>/register/", views_site.register, name="register"),
    path("hubs/<uuid:hub_id>/worklist/", views_site.worklist, name="worklist"),
    path(
        "hubs/<uuid:hub_id>/register/pdf/",
        views_site.register,
        {"fmt": "pdf"},
        name="register_pdf",
    ),
    path(
        "hubs/<uuid:hub_id>/stats/<int:fiscal_year>/",
        views_municipal.hub_stats,
        name="hub_stats",
    ),
    # One family
    path("families/<uuid:family_id>/", views.family_detail, name="family"),
    path("families/<uuid:family_id>/purpose/", views.purpose, name="purpose"),
    path("families/<uuid:family_id>/edit/", views.family_edit, name="family_edit"),
    path("families/<uuid:family_id>/people/new/", views.person_new, name="person_new"),
    path(
        "families/<uuid:family_id>/children/<int:child_pk>/",
        views.child_edit,
        name="child_edit",
    ),
    path(
        "families/<uuid:family_id>/plans/<int:plan_pk>/review/",
        views_records.plan_review,
        name="plan_review",
    ),
    path("families/<uuid:family_id>/pdf/", views.family_pdf, name="family_pdf"),
    path("families/<uuid:family_id>/consents/new/", views.consent_new, name="consent_new"),
    path(
        "families/<uuid:family_id>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "families/<uuid:family_id>/consultations/new/",
        views_records.consultation_new,
        name="consultation_new",
    ),
    path(
        "families/<uuid:family_id>/support/new/",
        views_records.support_entry_new,
        name="support_new",
    ),
    path(
        "families/<uuid:family_id>/conferences/new/",
        views_records.conference_new,
        name="conference_new",
    ),
    path("families/<uuid:family_id>/plans/new/", views_records.plan_new, name="plan_new"),
    path(
        "families/<uuid:family_id>/register/new/",
        views_records.register_entry_new,
        name="register_entry_new",
    ),
    path(
        "families/<uuid:family_id>/referrals/new/", views_records.referral_new, name="referral_new"
    ),
    path("families/<uuid:family_id>/hold/", views.legal_hold, name="legal_hold"),
    path("families/<uuid:family_id>/access-log/", views.access_log, name="access_log"),
    path(
        "consultations/<uuid:consultation_id>/",
        views_records.consultation_detail,
        name="consultation",
    ),
    path("conferences/<uuid:conference_id>/", views_records.conference_detail, name="conference"),
    path(
        "conferences/<uuid:conference_id>/pdf/", views_records.conference_pdf, name="conference_pdf"
    ),
    path("referrals/<uuid:referral_id>/", views_records.referral_detail, name="referral"),
    # A municipality
    path("municipalities/<str:code>/alerts/", views_municipal.alerts, name="alerts"),
    path(
        "municipalities/<str:code>/families/",
        views_municipal.family_search,
        name="municipal_family_search",
    ),
    path("municipalities/<str:code>/agencies/", views_municipal.agencies, name="agencies"),
    path("municipalities/<str:code>/complaints/", views_municipal.complaints, name="complaints"),
    path(
        "municipalities/<str:code>/complaints/new/",
        views_municipal.complaint_edit,
        name="complaint_new",
    ),
    path(
        "municipalities/<str:code>/complaints/<uuid:complaint_id>/",
        views_municipal.complaint_edit,
        name="complaint",
    ),
    path("municipalities/<str:code>/retention/", views_municipal.retention, name="retention"),
    path("municipalities/<str:code>/retention/dispose/", views_municipal.dispose, name="dispose"),
    path(
        "municipalities/<str:code>/breach-report/",
        views_municipal.breach_report,
        name="breach_report",
    ),
    path(
        "municipalities/<str:code>/stats/<int:fiscal_year>/",
        views_municipal.municipality_stats,
        name="municipality_stats",
    ),
    path(
        "prefectures/<str:code>/stats/<int:fiscal_year>/",
        views_municipal.prefecture_stats,
        name="prefecture_stats",
    ),
]
