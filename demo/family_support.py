"""The demo's ファミリー・サポート・センター: 川越市's, at すくすく, with about 60 members.

Idempotent: the centre and its settings are found or created; members are added once.
The numbers (fees, curriculum hours) are examples in the shape of the real centres in
reference/famisapo.md, not 川越市's own.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from common.japanese import normalize_kana
from families import registry
from famisapo.models import (
    AreaPoint,
    Availability,
    Centre,
    CentreRules,
    Curriculum,
    FeeScheduleRow,
    HelperProfile,
    Member,
    MemberKind,
    MemberStatus,
    StatusChange,
    Subject,
    SubjectKind,
    TrainingRecord,
)
from famisapo.training import add_years
from hubs.models import Hub
from orgs.models import Municipality

from .family_support_activities import KNOWN_TO_BOTH, build_activities
from .plans import FAMILY, FAMILY_KANA, GIVEN

CENTRE_NAME = "川越市ファミリー・サポート・センター"
AREAS = ["脇田町", "新富町", "連雀町", "霞ケ関北", "的場", "南大塚", "今成", "仙波町"]
DISTRICTS = ["川越第一小学校", "中央小学校", "霞ケ関小学校", "南古谷小学校"]
# Rough points of the demo's 町 (latitude, longitude), as a centre loads its municipality's table.
AREA_POINTS = {
    "脇田町": (35.9086, 139.4830),
    "新富町": (35.9131, 139.4826),
    "連雀町": (35.9186, 139.4829),
    "霞ケ関北": (35.9190, 139.4040),
    "的場": (35.9160, 139.4170),
    "南大塚": (35.8870, 139.4470),
    "今成": (35.9210, 139.4700),
    "仙波町": (35.9140, 139.4930),
}

# A 24-hour course in the national standard's shape (hours per subject are the demo's).
SUBJECTS = [
    ("保育の心", SubjectKind.BASIC, 2),
    ("心の発達とその問題", SubjectKind.BASIC, 2),
    ("身体の発育と病気", SubjectKind.BASIC, 2),
    ("小児看護の基礎知識", SubjectKind.BASIC, 2),
    ("子どもの栄養と食生活", SubjectKind.BASIC, 2),
    ("子どもの遊び", SubjectKind.BASIC, 2),
    ("子どもの世話", SubjectKind.BASIC, 2),
    ("配慮が必要な子どもの理解", SubjectKind.BASIC, 2),
    ("子どもの権利と虐待の防止", SubjectKind.BASIC, 2),
    ("事業を円滑に進めるために", SubjectKind.BASIC, 1),
    ("事故防止講習", SubjectKind.ACCIDENT, 2),
    ("緊急救命講習", SubjectKind.RESCUE, 3),
    ("病児・病後児の理解と対応", SubjectKind.SICK_CHILD, 4),
]

FEES = {
    "name": "川越市ファミリー・サポート・センター 利用料金表（デモ）",
    "bands": [
        {"days": "平日", "from": "06:00", "to": "07:00", "yen_per_hour": 800},
        {"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700},
        {"days": "平日", "from": "19:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "土日祝", "from": "06:00", "to": "22:00", "yen_per_hour": 800},
    ],
    "units": {"first_minutes": 60, "then_minutes": 30},
    "additional_children_percent": [50],
    "surcharges": [{"label": "前日17時以降の依頼", "notice_under_hours": 24, "yen_per_hour": 100}],
    "kinds": {"病児・病後児": {"yen_per_hour": 1000}},
    "cancellation": [
        {"label": "当日の連絡", "same_day": True, "percent": 50},
        {"label": "連絡なし", "no_notice": True, "percent": 100},
    ],
    "reductions": {"生活保護": {"percent": 50}, "ひとり親": {"percent": 50}},
}


REFRESHERS = (
    ("緊急救命講習（再受講）", SubjectKind.RESCUE),
    ("事故防止講習（再受講）", SubjectKind.ACCIDENT),
)
SOON = 39  # the helper whose safety courses expire within 3 months
INCOMPLETE = 41  # the helper with one subject still to take


class FamilySupportBuilder:
    def __init__(self, *, today: dt.date, seed: int = 20091001):
        self.today = today
        self.rng = random.Random(seed)

    @transaction.atomic
    def build(self) -> Centre:
        centre, _ = Centre.objects.get_or_create(
            municipality=Municipality.objects.get(code="112011"),
            name=CENTRE_NAME,
            defaults={
                "hub": Hub.objects.filter(name="かわごえ子育て支援センター すくすく").first(),
                "operator_name": "社会福祉法人 川越福祉会",
                "phone": "049-000-0000",
                "requester_label": "おねがい会員",
                "helper_label": "まかせて会員",
                "both_label": "どっちも会員",
            },
        )
        CentreRules.objects.get_or_create(
            centre=centre, valid_from=dt.date(2019, 9, 20), defaults={"note": "デモの設定"}
        )
        FeeScheduleRow.objects.get_or_create(
            centre=centre, valid_from=dt.date(2025, 4, 1), defaults={"data": FEES}
        )
        curriculum, created = Curriculum.objects.get_or_create(
            centre=centre,
            valid_from=dt.date(2009, 4, 1),
            defaults={"name": "まかせて会員養成講習（24時間）"},
        )
        if created:
            for order, (name, kind, hours) in enumerate(SUBJECTS):
                Subject.objects.create(
                    curriculum=curriculum, name=name, kind=kind, hours=hours, order=order
                )
        for name, (lat, lon) in AREA_POINTS.items():
            AreaPoint.objects.get_or_create(
                centre=centre,
                name=name,
                defaults={"latitude": Decimal(str(lat)), "longitude": Decimal(str(lon))},
            )
        if not centre.members.exists():
            self._members(centre)
        if not centre.activities.exists():
            build_activities(centre, today=self.today, rng=self.rng)
        return centre

    def _members(self, centre: Centre) -> None:
        kinds = [MemberKind.REQUESTER] * 36 + [MemberKind.HELPER] * 14 + [MemberKind.BOTH] * 10
        for number, kind in enumerate(kinds, 1):
            member = self._member(centre, number, kind)
            if member.helps:
                self._helper(member, number)
        # Histories: one requester paused, one left and one came back.
        members = {m.number: m for m in centre.members.all()}
        self._status(members["0003"], MemberStatus.PAUSED, 60, "育児休業中")
        self._status(members["0005"], MemberStatus.LEFT, 120, "子どもが小学校を卒業")
        self._status(members["0008"], MemberStatus.PAUSED, 300, "転居の予定")
        self._status(members["0008"], MemberStatus.ACTIVE, 200, "再開")

    def _member(self, centre: Centre, number: int, kind: str) -> Member:
        rng = self.rng
        family = rng.randrange(len(FAMILY))
        given, given_kana = rng.choice(GIVEN)
        helper = kind != MemberKind.REQUESTER
        registered = self.today - dt.timedelta(
            days=rng.randrange(400 if number <= 10 else 60, 6 * 365)
        )
        if number == SOON:  # the course (with its safety subjects) ends 5 years less 40 days ago
            registered = add_years(self.today, -5) + dt.timedelta(days=54)
        born = dt.date(
            registered.year - (rng.randrange(45, 70) if helper else rng.randrange(26, 42)),
            rng.randrange(1, 13),
            rng.randrange(1, 28),
        )
        name = f"{FAMILY[family]} {given}"
        kana = f"{FAMILY_KANA[family]} {given_kana}".translate(_KATAKANA)
        phone = f"049-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}"
        if number == KNOWN_TO_BOTH:  # the casebook's 田中家 (demo/casebook_families.py) too
            name, kana, phone = "田中 大輔", "タナカ ダイスケ", "070-5000-4444"
        member = Member.objects.create(
            centre=centre,
            family=None
            if kind == MemberKind.HELPER
            else registry.matched_or_new(
                centre.municipality, family_name=name, kana=kana, phone=phone
            ),
            number=f"{number:04d}",
            kind=kind,
            name=name,
            kana=normalize_kana(kana),
            birth_date=born,
            phone=phone,
            address_area=f"{rng.choice(AREAS)}{rng.randrange(1, 6)}丁目",
            school_district=rng.choice(DISTRICTS),
            info_session_on=registered - dt.timedelta(days=21),
            interviewed_on=registered - dt.timedelta(days=7),
            id_checked_on=registered - dt.timedelta(days=7),
            registered_on=registered,
        )
        StatusChange.objects.create(
            member=member, on=registered, status=MemberStatus.ACTIVE, reason="登録"
        )
        return member

    def _helper(self, member: Member, number: int) -> None:
        rng = self.rng
        HelperProfile.objects.create(
            member=member,
            can_sick_child=number % 4 == 0,
            can_overnight=number % 7 == 0,
            drives=number % 3 == 0,
            car_insurance_note="任意保険の加入を確認済み" if number % 3 == 0 else "",
            areas="、".join(rng.sample(AREAS, 3)),
            max_km=3 if number % 5 == 0 else None,
        )
        for weekday in sorted(rng.sample(range(6), 3)):
            start = rng.choice([dt.time(7, 0), dt.time(9, 0), dt.time(13, 0)])
            end = dt.time(min(start.hour + rng.choice([4, 6, 9]), 21), 0)
            Availability.objects.create(member=member, weekday=weekday, start=start, end=end)
        course_end = member.registered_on - dt.timedelta(days=14)
        incomplete = number == INCOMPLETE
        for i, (name, kind, hours) in enumerate(SUBJECTS):
            if (kind == SubjectKind.SICK_CHILD and number % 4) or (incomplete and i == 9):
                continue
            TrainingRecord.objects.create(
                member=member,
                subject=name,
                kind=kind,
                hours=Decimal(hours),
                taken_on=course_end - dt.timedelta(days=2 * (len(SUBJECTS) - i)),
                run_by="センター" if kind == SubjectKind.BASIC else "川越地区消防局",
            )
        # Refreshers every 4 years after the course, except for the one about to expire.
        last = course_end
        while add_years(last, 4) < self.today and number != SOON:
            last = add_years(last, 4)
            for name, kind in REFRESHERS:
                TrainingRecord.objects.create(
                    member=member,
                    subject=name,
                    kind=kind,
                    hours=Decimal(2),
                    taken_on=last,
                    run_by="川越地区消防局",
                )

    def _status(self, member: Member, status: str, days_ago: int, reason: str) -> None:
        on = max(
            self.today - dt.timedelta(days=days_ago), member.registered_on + dt.timedelta(days=1)
        )
        StatusChange.objects.create(member=member, on=on, status=status, reason=reason)


_KATAKANA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}
