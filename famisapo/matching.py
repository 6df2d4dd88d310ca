"""Who can take a request, and whether a pair may work: the matching checks and the 事前打合せ gate.

Pure functions over rows already loaded (the selectors load them), so 3,000 helpers are judged
without a query each.

A helper is **eligible** for a request when every check passes: active on the day, the course
completed and the safety courses in date (training.py), available at that weekday and time, able
to do that kind of help (送迎, 預かり, 病児 with its course, 宿泊), able to take that many children,
and free at that time, and — where the centre has loaded the points of its 町丁目 — within the
distance the helper said they can go. Among the eligible, the ranking is: same area (町名 or 学区)
first, then the nearest home (with points), then past activities with this family, then the
lightest load this month.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from common.japanese import fiscal_year_of

from .kinds import OVERNIGHT, SICK_CHILD

ESCORT_KINDS = {"保育施設等の送迎", "学校の登下校", "習い事等の送迎", "通院"}
CARE_KINDS = {
    "保育施設等の開始前・終了後の預かり",
    "学童・放課後",
    "買い物・用事",
    "冠婚葬祭",
    "保護者の病気",
    "きょうだいの学校行事",
    "早朝・夜間の緊急",
}


@dataclass(slots=True)
class Candidate:
    helper: Any  # a famisapo Member (this module reads no models)
    reasons: list[str] = field(default_factory=list)  # why not eligible (empty: eligible)
    same_area: bool = False
    distance_km: float | None = None  # between the homes, when the centre has the points
    pairings: int = 0
    load: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons

    def notes(self) -> list[str]:
        notes = ["地域が同じ" if self.same_area else "地域が異なる"]
        if self.distance_km is not None:
            notes.append(f"家から約{self.distance_km:.1f}km")
        if self.pairings:
            notes.append(f"この家庭と{self.pairings}回の活動")
        notes.append(f"今月の活動 {self.load}件")
        return notes + self.warnings


def area_key(address: str) -> str:
    """「脇田町2丁目」→「脇田町」: the 町名 without 丁目 and numbers."""
    for i, ch in enumerate(address):
        if ch.isdigit() or ch in "一二三四五六七八九十丁":
            return address[:i]
    return address


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def point_of(points: dict, address: str):
    """The point of an address's 町丁目 (脇田町2丁目), else of its 町名 (脇田町), else None."""
    return points.get(address) or points.get(area_key(address))


def _kind_reason(kind: str, profile, training) -> str | None:
    if profile is None:
        return "援助できる内容が記録されていません"
    if kind in ESCORT_KINDS and not profile.can_escort:
        return "送迎をしない"
    if kind in CARE_KINDS and not profile.can_care_at_home:
        return "預かりをしない"
    if kind == OVERNIGHT and not profile.can_overnight:
        return "宿泊をしない"
    if kind == SICK_CHILD:
        if not profile.can_sick_child:
            return "病児・病後児の預かりをしない"
        if not training.sick_child_complete:
            return "病児・病後児の講習が未修了"
    return None


def judge(
    request,
    helper,
    *,
    status,
    training,
    slots,
    busy,
    pairings,
    load,
    declined=False,
    points=None,
) -> Candidate:
    """One helper against one request; `slots` are the helper's Availability rows, `busy` the
    (start, end) datetimes of their other matched requests and activities, `points` the centre's
    {町丁目: (latitude, longitude)} (empty: no distances)."""
    candidate = Candidate(helper, pairings=pairings, load=load)
    reasons = candidate.reasons
    if helper.pk == request.requester_id:
        reasons.append("依頼会員本人")
    if declined:
        reasons.append("この依頼を辞退済み")
    for course in training.safety:
        if course.state(training.day) == "soon":
            candidate.warnings.append(f"{course.label}の期限が近い（{course.expires_on:%Y-%m-%d}）")
    if status != "active":
        reasons.append("活動中ではない（休会・退会）")
    reasons.extend(training.blockers())
    profile = getattr(helper, "helper_profile", None)
    if reason := _kind_reason(request.kind, profile, training):
        reasons.append(reason)
    children = len(request.children.all())
    if profile is not None and children > profile.max_children:
        reasons.append(f"同時に預かれるのは{profile.max_children}人まで")
    elif profile is not None and children > 1 and not profile.can_siblings:
        reasons.append("きょうだいの同時の預かりをしない")
    starts, ends = request.starts_at, request.ends_at
    if request.kind != OVERNIGHT and not _covered(slots, starts, ends):
        day = "月火水木金土日"[starts.weekday()]
        reasons.append(f"{day}曜 {starts:%H:%M}〜{ends:%H:%M} は援助できる時間外")
    if any(b_start < ends and starts < b_end for b_start, b_end in busy):
        reasons.append("同じ時間に別の活動がある")
    areas = {area_key(a) for a in (profile.area_list() if profile else [])}
    candidate.same_area = area_key(request.requester.address_area) in areas or (
        bool(helper.school_district) and helper.school_district == request.requester.school_district
    )
    home, theirs = (point_of(points or {}, m.address_area) for m in (helper, request.requester))
    if home and theirs:
        candidate.distance_km = round(distance_km(home, theirs), 1)
        limit = profile.max_km if profile is not None else None
        if limit is not None and candidate.distance_km > limit:
            reasons.append(f"家から約{candidate.distance_km:.1f}km（行けるのは{limit}kmまで）")
    return candidate


def _covered(slots, starts: dt.datetime, ends: dt.datetime) -> bool:
    """A weekly slot holds the whole request (a stay overnight is judged by can_overnight)."""
    if ends.date() != starts.date():
        return False
    return any(
        s.weekday == starts.weekday() and s.start <= starts.time() and ends.time() <= s.end
        for s in slots
    )


def rank(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(
        candidates,
        key=lambda c: (
            not c.eligible,
            not c.same_area,
            math.inf if c.distance_km is None else c.distance_km,
            -c.pairings,
            c.load,
            c.helper.kana,
        ),
    )


# The 事前打合せ gate ------------------------------------------------------------------------------


def meeting_gate(
    meetings, *, children, kind: str, day: dt.date, rules
) -> tuple[object | None, str]:
    """The 事前打合せ that lets the pair work on `day` for these children and kind, or None and
    why not. `meetings` are the pair's meetings (children prefetched)."""
    wanted = {c.pk for c in children}
    why = "この組み合わせの事前打合せが記録されていません"
    for meeting in sorted(meetings, key=lambda m: m.held_on, reverse=True):
        if meeting.held_on > day:
            continue
        if rules.meeting_each_fiscal_year and fiscal_year_of(meeting.held_on) != fiscal_year_of(
            day
        ):
            why = "年度が替わったため、事前打合せのやり直しが必要です"
            continue
        if rules.meeting_each_kind and kind not in meeting.kinds:
            why = f"「{kind}」の事前打合せがありません（援助の種類が替わったときはやり直します）"
            continue
        missing = wanted - {c.pk for c in meeting.children.all()}
        if missing:
            why = "事前打合せに含まれていない子どもがいます"
            continue
        return meeting, ""
    return None, why
