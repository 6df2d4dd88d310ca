"""Whether a 提供会員 has completed the course and is in date with the safety courses.

Computed from the sessions recorded (never ticked):
- The course: every subject of the centre's curriculum in force on the member's registration day
  (the earliest curriculum when none was yet in force) has at least its hours recorded under that
  subject's name, on or before the day asked about. 緊急救命・事故防止 subjects that are part of the
  curriculum count towards it like the others.
- Safety: 緊急救命講習 and 事故防止講習 each at least once every `safety_course_years` years (the
  centre's rule in force on the day; national 5 years since 令和元年9月20日). The course's own
  safety subjects count as the first time. Expired on the day after the period ends.
- 病児・病後児: the curriculum's 病児 subjects all done (required only for that kind of help).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .models import Curriculum, SubjectKind

SOON_MONTHS = 3  # "expires in the next 3 months"
STATE_LABELS = {
    "missing": "受講記録なし",
    "expired": "期限切れ",
    "soon": "3か月以内に期限",
    "valid": "期限内",
}


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (11月30日 + 3 → 2月28日)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def hours(value: Decimal) -> str:
    """Decimal("9.0") → 「9」, Decimal("8.5") → 「8.5」."""
    return f"{value.normalize():f}"


@dataclass(frozen=True, slots=True)
class SubjectProgress:
    name: str
    kind: str
    required: Decimal
    done: Decimal

    @property
    def complete(self) -> bool:
        return self.done >= self.required


@dataclass(frozen=True, slots=True)
class SafetyStatus:
    kind: str
    label: str
    last_taken: dt.date | None
    expires_on: dt.date | None  # the last day it is valid

    def state(self, day: dt.date) -> str:
        if self.expires_on is None:
            return "missing"
        if day > self.expires_on:
            return "expired"
        if self.expires_on <= add_months(day, SOON_MONTHS):
            return "soon"
        return "valid"

    def state_label(self, day: dt.date) -> str:
        return STATE_LABELS[self.state(day)]


@dataclass(frozen=True, slots=True)
class TrainingStatus:
    day: dt.date
    curriculum: Curriculum | None
    subjects: tuple[SubjectProgress, ...]
    sick_child: tuple[SubjectProgress, ...]
    safety: tuple[SafetyStatus, ...]

    @property
    def course_complete(self) -> bool:
        return self.curriculum is not None and all(s.complete for s in self.subjects)

    @property
    def hours_done(self) -> Decimal:
        return sum((min(s.done, s.required) for s in self.subjects), Decimal(0))

    @property
    def hours_required(self) -> Decimal:
        return sum((s.required for s in self.subjects), Decimal(0))

    @property
    def safety_valid(self) -> bool:
        return all(s.state(self.day) in ("valid", "soon") for s in self.safety)

    @property
    def sick_child_complete(self) -> bool:
        return bool(self.sick_child) and all(s.complete for s in self.sick_child)

    def blockers(self) -> list[str]:
        """Why the member cannot be matched on the day (empty: they can)."""
        reasons = []
        if self.curriculum is None:
            reasons.append("センターの講習カリキュラムが登録されていません")
        elif not self.course_complete:
            missing = [s.name for s in self.subjects if not s.complete]
            reasons.append(
                f"養成講習が未修了（{hours(self.hours_done)}／{hours(self.hours_required)}時間、"
                f"残り: {'、'.join(missing)}）"
            )
        for s in self.safety:
            state = s.state(self.day)
            if state == "missing":
                reasons.append(f"{s.label}の受講記録がありません")
            elif state == "expired":
                reasons.append(f"{s.label}の期限切れ（{s.expires_on:%Y-%m-%d}まで）")
        return reasons


def curriculum_for(curricula: list[Curriculum], registered_on: dt.date) -> Curriculum | None:
    if not curricula:
        return None
    in_force = [c for c in curricula if c.valid_from <= registered_on]
    return (
        max(in_force, key=lambda c: c.valid_from)
        if in_force
        else min(curricula, key=lambda c: c.valid_from)
    )


def training_status(
    member, curricula, records, *, day: dt.date, safety_years: int
) -> TrainingStatus:
    """The member's training on `day`, from the centre's curricula and the member's records
    (both lists already loaded, with each curriculum's subjects prefetched)."""
    records = [r for r in records if r.taken_on <= day]
    curriculum = curriculum_for(list(curricula), member.registered_on)
    subjects = list(curriculum.subjects.all()) if curriculum else []

    def progress(kinds) -> tuple[SubjectProgress, ...]:
        return tuple(
            SubjectProgress(
                s.name,
                s.kind,
                s.hours,
                sum((r.hours for r in records if r.subject == s.name), Decimal(0)),
            )
            for s in subjects
            if s.kind in kinds
        )

    safety = []
    for kind in (SubjectKind.RESCUE, SubjectKind.ACCIDENT):
        taken = [r.taken_on for r in records if r.kind == kind]
        last = max(taken, default=None)
        expires = add_years(last, safety_years) - dt.timedelta(days=1) if last else None
        safety.append(SafetyStatus(kind, str(kind.label), last, expires))
    course_kinds = (SubjectKind.BASIC, SubjectKind.RESCUE, SubjectKind.ACCIDENT)
    return TrainingStatus(
        day=day,
        curriculum=curriculum,
        subjects=progress(course_kinds),
        sick_child=progress((SubjectKind.SICK_CHILD,)),
        safety=tuple(safety),
    )
