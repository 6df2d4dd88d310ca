"""Roles and the named permissions each grants.

A role is bound to one scope kind (a hub, a ファミサポ centre, a municipality or a prefecture). Later capabilities add
roles and permissions here, without new mechanisms: the scoping module reads only this table.
"""

from dataclasses import dataclass

from django.db import models


class Scope(models.TextChoices):
    HUB = "hub", "拠点"
    CENTRE = "centre", "ファミリー・サポート・センター"
    MUNICIPALITY = "municipality", "市町村"
    PREFECTURE = "prefecture", "都道府県"


class Perm:
    """Named permissions. Each string is what a view declares it needs."""

    HUB_VIEW = "hub.view"  # hub list and detail, services, schedule (no names of people)
    HUB_EDIT = "hub.edit"  # master data of hubs, services, schedules, operators
    USAGE_VIEW = "usage.view"
    USAGE_EDIT = "usage.edit"
    STAFF_VIEW = "staff.view"  # staff names, qualifications, training
    STAFF_EDIT = "staff.edit"
    REPORT_VIEW = "report.view"  # aggregate reports
    IMPORT_RUN = "import.run"
    EXPORT_RUN = "export.run"  # export of master data rows (may hold names)
    AUDIT_VIEW = "audit.view"  # the audit log and the breach report (every record an account read)
    REPORT_SUBMIT = "report.submit"  # prepare and submit the municipality's annual report
    REPORT_REVIEW = "report.review"  # comment on, return, approve and unlock annual reports

    # Consultations (issue 3). Anything that shows a family's data needs two-factor login.
    CONSULT_ANON = "consult.anon"  # log anonymous consultations: date, channel, topics, minutes
    FAMILY_BASIC = "family.basic"  # search families; names, kana, children, consent only
    FAMILY_EDIT = "family.edit"  # register families and record their consent
    RECORD_VIEW = "record.view"  # read the records of families kept at the site
    RECORD_EDIT = "record.edit"  # write consultations, support entries, conferences, referrals
    RECORD_VIEW_PURPOSE = "record.view_purpose"  # read records of the municipality, stating why
    ACCESS_LOG = "record.access_log"  # who looked at a family's records
    CONSENT_OVERRIDE = "consent.override"  # share with an agency without the family's consent
    ALERT_VIEW = "alert.view"  # open alerts of suspected abuse
    COMPLAINT_EDIT = "complaint.edit"  # the 苦情・要望 register
    AGENCY_EDIT = "agency.edit"  # the list of agencies families are referred to
    RETENTION_MANAGE = "retention.manage"  # retention rules, legal holds, approving disposal

    # ファミリー・サポート・センター (issue 10). Members' records are personal data like families'.
    CENTRE_VIEW = "famisapo.view"  # the centre's page and figures: counts, never a member's name
    MEMBER_VIEW = "famisapo.member_view"  # members' names, children, training, activities
    MEMBER_EDIT = "famisapo.member_edit"  # register members, record training and activities
    CENTRE_SETTINGS = "famisapo.settings"  # the centre's dated rules, curriculum and fee schedule
    # Hub staff where a centre sits at their hub: whether a family they name is a member, no more.
    MEMBERSHIP_CHECK = "famisapo.membership"


# Permissions that reach personal data of families: a session must be two-factor verified.
PERSONAL_PERMS = frozenset(
    {Perm.FAMILY_BASIC, Perm.RECORD_VIEW, Perm.RECORD_VIEW_PURPOSE, Perm.MEMBER_VIEW}
)


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    scope: Scope
    permissions: frozenset[str]


_HUB_READ = {Perm.HUB_VIEW, Perm.USAGE_VIEW, Perm.STAFF_VIEW, Perm.REPORT_VIEW}
_FRONT_DESK = {Perm.CONSULT_ANON, Perm.FAMILY_BASIC, Perm.FAMILY_EDIT, Perm.MEMBERSHIP_CHECK}
_CASEWORK = _FRONT_DESK | {Perm.RECORD_VIEW, Perm.RECORD_EDIT}

ROLES: dict[str, Role] = {
    role.code: role
    for role in [
        Role("hub_viewer", "拠点職員（閲覧のみ）", Scope.HUB, frozenset(_HUB_READ)),
        Role(
            "hub_staff",
            "拠点職員",
            Scope.HUB,
            frozenset(_HUB_READ | _FRONT_DESK | {Perm.USAGE_EDIT}),
        ),
        Role(
            "hub_manager",
            "拠点責任者",
            Scope.HUB,
            frozenset(
                _HUB_READ | _FRONT_DESK | {Perm.USAGE_EDIT, Perm.STAFF_EDIT, Perm.EXPORT_RUN}
            ),
        ),
        # Case workers of one site: read and write the records of the families kept there.
        Role("specialist", "利用者支援専門員", Scope.HUB, frozenset(_HUB_READ | _CASEWORK)),
        Role("health_nurse", "保健師", Scope.HUB, frozenset(_HUB_READ | _CASEWORK)),
        # The site's lead: may share a record without the family's consent, stating why, and
        # see who looked at a family's records.
        Role(
            "casework_lead",
            "利用者支援 責任者",
            Scope.HUB,
            frozenset(_HUB_READ | _CASEWORK | {Perm.CONSENT_OVERRIDE, Perm.ACCESS_LOG}),
        ),
        # The centre's アドバイザー / コーディネーター: members, training, matching, activities, fees.
        Role(
            "famisapo_coordinator",
            "ファミサポ アドバイザー",
            Scope.CENTRE,
            frozenset({Perm.CENTRE_VIEW, Perm.MEMBER_VIEW, Perm.MEMBER_EDIT}),
        ),
        Role(
            "municipal_officer",
            "市町村担当者",
            Scope.MUNICIPALITY,
            frozenset(
                _HUB_READ
                | {
                    Perm.HUB_EDIT,
                    Perm.USAGE_EDIT,
                    Perm.STAFF_EDIT,
                    Perm.IMPORT_RUN,
                    Perm.EXPORT_RUN,
                    Perm.AUDIT_VIEW,
                    Perm.ALERT_VIEW,
                    Perm.COMPLAINT_EDIT,
                    Perm.AGENCY_EDIT,
                    Perm.RETENTION_MANAGE,
                    Perm.REPORT_SUBMIT,
                    Perm.CENTRE_VIEW,
                    Perm.CENTRE_SETTINGS,
                }
            ),
        ),
        # Added to a municipal officer who may read families' records (個人情報の閲覧権限).
        Role(
            "municipal_records",
            "市町村担当者（個人記録の閲覧）",
            Scope.MUNICIPALITY,
            frozenset(
                {
                    Perm.RECORD_VIEW_PURPOSE,
                    Perm.ACCESS_LOG,
                    Perm.CONSENT_OVERRIDE,
                    Perm.ALERT_VIEW,
                }
            ),
        ),
        # Aggregates only: never a staff member's name or any person's data.
        Role(
            "prefecture_officer",
            "都道府県担当者",
            Scope.PREFECTURE,
            frozenset({Perm.HUB_VIEW, Perm.USAGE_VIEW, Perm.REPORT_VIEW, Perm.REPORT_REVIEW}),
        ),
    ]
}

ROLE_CHOICES = [(r.code, r.label) for r in ROLES.values()]
