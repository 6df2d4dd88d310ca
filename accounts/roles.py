"""Roles and the named permissions each grants.

A role is bound to one scope kind (a hub, a municipality or a prefecture). Later capabilities add
roles and permissions here, without new mechanisms: the scoping module reads only this table.
"""

from dataclasses import dataclass

from django.db import models


class Scope(models.TextChoices):
    HUB = "hub", "拠点"
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
    AUDIT_VIEW = "audit.view"


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    scope: Scope
    permissions: frozenset[str]


_HUB_READ = {Perm.HUB_VIEW, Perm.USAGE_VIEW, Perm.STAFF_VIEW, Perm.REPORT_VIEW}

ROLES: dict[str, Role] = {
    role.code: role
    for role in [
        Role("hub_viewer", "拠点職員（閲覧のみ）", Scope.HUB, frozenset(_HUB_READ)),
        Role("hub_staff", "拠点職員", Scope.HUB, frozenset(_HUB_READ | {Perm.USAGE_EDIT})),
        Role(
            "hub_manager",
            "拠点責任者",
            Scope.HUB,
            frozenset(_HUB_READ | {Perm.USAGE_EDIT, Perm.STAFF_EDIT, Perm.EXPORT_RUN}),
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
                }
            ),
        ),
        # Aggregates only: never a staff member's name or any person's data.
        Role(
            "prefecture_officer",
            "都道府県担当者",
            Scope.PREFECTURE,
            frozenset({Perm.HUB_VIEW, Perm.USAGE_VIEW, Perm.REPORT_VIEW}),
        ),
    ]
}

ROLE_CHOICES = [(r.code, r.label) for r in ROLES.values()]
