"""Reads of a centre: its rules in force, members with their status and training, counts."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.access import within

from .models import (
    Centre,
    CentreRules,
    Curriculum,
    FeeScheduleRow,
    Member,
    MemberKind,
    MemberStatus,
    StatusChange,
    Subject,
)
from .training import TrainingStatus, training_status


def centres_in(municipality) -> list[Centre]:
    return list(within(municipality, Centre).select_related("hub").order_by("name"))


def rules_on(centre: Centre, day: dt.date) -> CentreRules:
    """The centre's rules in force on `day`; the defaults (unsaved) when it has set none."""
    row = within(centre, CentreRules).filter(valid_from__lte=day).order_by("-valid_from").first()
    return row or CentreRules(centre=centre, valid_from=dt.date(2000, 4, 1), note="既定値")


def curricula(centre: Centre) -> list[Curriculum]:
    return list(
        within(centre, Curriculum).prefetch_related(
            Prefetch("subjects", queryset=within(centre, Subject))
        )
    )


def fee_schedules(centre: Centre) -> list[FeeScheduleRow]:
    return list(within(centre, FeeScheduleRow).order_by("valid_from"))


def status_on(changes: list[StatusChange], day: dt.date) -> str:
    """The member's status on `day` from their history (before registration: not yet)."""
    current = [c for c in changes if c.on <= day]
    return max(current, key=lambda c: (c.on, c.pk)).status if current else "not_yet"


STATUS_LABELS = dict(MemberStatus.choices) | {"not_yet": "登録前"}


@dataclass(frozen=True, slots=True)
class MemberRow:
    member: Member
    status: str
    training: TrainingStatus | None  # helpers only

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def member_rows(centre: Centre, day: dt.date, members=None) -> list[MemberRow]:
    """Members (all of the centre's, or the queryset given) with status and training on `day`."""
    members = members if members is not None else within(centre, Member)
    members = members.select_related("centre").prefetch_related(
        "status_changes", "training_records"
    )
    rules = rules_on(centre, day)
    courses = curricula(centre)
    rows = []
    for member in members:
        training = None
        if member.helps:
            training = training_status(
                member,
                courses,
                list(member.training_records.all()),
                day=day,
                safety_years=rules.safety_course_years,
            )
        rows.append(MemberRow(member, status_on(list(member.status_changes.all()), day), training))
    return rows


def counts(rows: list[MemberRow]) -> dict:
    """Members by kind, registered and active (each person once: a 両方会員 counts once)."""
    registered = Counter(r.member.kind for r in rows if r.status != "not_yet")
    active = Counter(r.member.kind for r in rows if r.status == MemberStatus.ACTIVE)
    return {
        "registered": {k: registered[k] for k in MemberKind.values},
        "active": {k: active[k] for k in MemberKind.values},
        "registered_total": sum(registered.values()),
        "active_total": sum(active.values()),
    }


def expiring(rows: list[MemberRow], day: dt.date) -> list[tuple[MemberRow, list]]:
    """Active helpers whose safety course expires within 3 months or has expired (or is missing)."""
    result = []
    for row in rows:
        if row.training is None or row.status != MemberStatus.ACTIVE:
            continue
        due = [(s, s.state_label(day)) for s in row.training.safety if s.state(day) != "valid"]
        if due:
            result.append((row, due))
    return sorted(result, key=lambda item: min(s.expires_on or dt.date.min for s, _ in item[1]))


def registered_on_day(centres, day: dt.date) -> int:
    """Members registered (not left) on `day`, each person once (会員の総数: a 両方会員 counts once)."""
    latest: dict[int, str] = {}
    for member_id, status in (
        within(centres, StatusChange)
        .filter(on__lte=day)
        .order_by("on", "pk")
        .values_list("member_id", "status")
    ):
        latest[member_id] = status
    return sum(1 for status in latest.values() if status != MemberStatus.LEFT)


def safety_and_course(centre: Centre, day: dt.date) -> dict:
    """Active helpers on `day`: how many, how many out of date with the safety courses, how many
    without the completed course, how many without the 病児 course among those who did 病児 care."""
    trained = [
        (r, r.training)
        for r in member_rows(centre, day)
        if r.training is not None and r.status == MemberStatus.ACTIVE
    ]
    return {
        "helpers": len(trained),
        "safety_out_of_date": sum(1 for _, t in trained if not t.safety_valid),
        "course_incomplete": sum(1 for _, t in trained if not t.course_complete),
        "sick_child_trained": {r.member.pk for r, t in trained if t.sick_child_complete},
    }
