"""Demo records of each hub: staff with their qualifications and training, and a year and a bit of usage.

Called by `DemoBuilder` with its random generator, so the demo stays the same run after run.
"""

import datetime as dt
import random

from hubs.models import (
    Assignment,
    DailyUsage,
    Event,
    OutreachSession,
    Qualification,
    StaffMember,
    TemporaryCareDay,
    TrainingCourse,
    TrainingExemption,
    TrainingRecord,
)
from hubs.opening import calendar_for_hub

from .plans import FAMILY, FAMILY_KANA, GIVEN, T

# Staff -----------------------------------------------------------------------------------------


def person(rng: random.Random, municipality, number: int) -> StaffMember:
    i = rng.randrange(len(FAMILY))
    given, given_kana = rng.choice(GIVEN)
    staff, _ = StaffMember.objects.get_or_create(
        municipality=municipality,
        staff_number=f"S{number:05d}",
        defaults={"name": f"{FAMILY[i]} {given}", "kana": f"{FAMILY_KANA[i]} {given_kana}"},
    )
    return staff


def build_staff(rng: random.Random, hub, plan) -> None:
    """ひろば staff (one always behind on training), a 利用者支援 specialist and a 一時預かり caregiver."""
    if hub.assignments.exists():
        return
    courses = {c.code: c for c in TrainingCourse.objects.filter(municipality__isnull=True)}
    base_number = hub.pk * 10
    count = 1 if hub.hub_type == "renkei" else (3 if plan.base_groups >= 25 else 2)
    for n in range(count):
        _hiroba_staff(rng, hub, courses, base_number + n, leader=n == 0, last=n == count - 1)
    for service in hub.services.filter(kind__startswith="riyosha"):
        _specialist(rng, hub, service, courses, base_number + 8)
    for service in hub.services.filter(kind="ichiji"):
        staff = person(rng, hub.municipality, base_number + 9)
        Qualification.objects.get_or_create(
            staff=staff, kind="hoikushi", defaults={"obtained_on": dt.date(2005, 3, 31)}
        )
        Assignment.objects.create(
            staff=staff,
            hub=hub,
            service=service,
            role="caregiver",
            dedicated=False,
            full_time=False,
            started_on=service.started_on,
        )


def _hiroba_staff(rng, hub, courses, number: int, *, leader: bool, last: bool) -> None:
    staff = person(rng, hub.municipality, number)
    quals = rng.sample(["hoikushi", "yochien", "kangoshi", "other"], k=rng.choice([0, 1, 1, 2]))
    for q in quals:
        Qualification.objects.get_or_create(
            staff=staff,
            kind=q,
            defaults={"obtained_on": dt.date(rng.randint(1995, 2015), 3, 31)},
        )
    Assignment.objects.create(
        staff=staff,
        hub=hub,
        role="leader" if leader else "hiroba",
        dedicated=True,
        full_time=leader,
        started_on=dt.date(rng.randint(2014, 2023), 4, 1),
    )
    done = ["kihon", "senmon-kyoten", "privacy"]
    if last:
        done = done[: rng.choice([1, 2])]  # someone always has training to catch up on
    for c in done:
        TrainingRecord.objects.get_or_create(
            staff=staff,
            course=courses[c],
            completed_on=dt.date(rng.randint(2016, 2024), rng.choice([6, 9, 11]), 15),
            defaults={
                "hours": 8 if c == "kihon" else 6,
                "certificate_number": f"R{rng.randint(1000, 9999)}",
            },
        )


def _specialist(rng, hub, service, courses, number: int) -> None:
    staff = person(rng, hub.municipality, number)
    Qualification.objects.get_or_create(
        staff=staff,
        kind="shakai_fukushishi",
        defaults={"obtained_on": dt.date(2010, 3, 31)},
    )
    Assignment.objects.create(
        staff=staff,
        hub=hub,
        service=service,
        role="specialist",
        dedicated=True,
        full_time=True,
        started_on=service.started_on,
    )
    staff.experiences.create(
        organisation=f"{hub.municipality.name} 子育て支援課",
        kind_of_work="子育て相談員",
        started_on=dt.date(2010, 4, 1),
        ended_on=service.started_on - dt.timedelta(days=1),
        counts_as_consultation=True,
    )
    TrainingRecord.objects.get_or_create(
        staff=staff,
        course=courses["kihon"],
        completed_on=dt.date(2016, 7, 1),
        defaults={"hours": 8},
    )
    if service.kind != "riyosha_kihon":
        return
    if service.started_on.year <= 2016:  # すくすく: the 基本型 course, months after starting
        TrainingRecord.objects.get_or_create(
            staff=staff,
            course=courses["senmon-riyosha-kihon"],
            completed_on=dt.date(service.started_on.year, 11, 15),
            defaults={"hours": 12},
        )
    else:  # おおみや: could not take it yet (要綱の表 下段), to take it after starting
        TrainingExemption.objects.get_or_create(
            staff=staff,
            basis=TrainingExemption.Basis.UNAVOIDABLE,
            defaults={"evidence": "市の確認（研修の定員超過のため翌年度受講）"},
        )


# Usage -----------------------------------------------------------------------------------------


def build_usage(hub, plan, first_day: dt.date, last_day: dt.date) -> None:
    """Every open day's visitors (and 一時預かり), and each month's events and 出張ひろば."""
    if hub.usage.exists():
        return
    rng = random.Random(hub.pk)
    usage, care = _open_days(rng, hub, plan, first_day, last_day)
    events, outreach = _monthly(rng, hub, first_day, last_day)
    DailyUsage.objects.bulk_create(usage, batch_size=2000, ignore_conflicts=True)
    Event.objects.bulk_create(events, ignore_conflicts=True)
    TemporaryCareDay.objects.bulk_create(care, batch_size=2000, ignore_conflicts=True)
    OutreachSession.objects.bulk_create(outreach, ignore_conflicts=True)


def _open_days(rng, hub, plan, first_day, last_day):
    usage, care = [], []
    ichiji = any(s.kind == "ichiji" for s in hub.services.all())
    for opening in calendar_for_hub(hub).days(first_day, last_day):
        if not opening.is_open:
            continue
        day = opening.date
        usage.append(_usage_for(rng, hub.pk, day, plan.base_groups))
        if ichiji:
            ages = [rng.randint(0, 2), rng.randint(0, 3), rng.randint(0, 2), rng.randint(0, 1)]
            total = sum(ages)
            work = min(total, rng.randint(0, total))
            care.append(
                TemporaryCareDay(
                    hub=hub,
                    date=day,
                    age_0=ages[0],
                    age_1=ages[1],
                    age_2=ages[2],
                    age_3plus=ages[3],
                    reason_work=work,
                    reason_private=total - work,
                )
            )
    return usage, care


EVENTS = [("koshu", "離乳食講習会"), ("exchange", "誕生会"), ("information", "保育園入園説明会")]


def _monthly(rng, hub, first_day, last_day):
    """A 講習 and an exchange event every month (an information session in autumn too), and
    出張ひろば twice a month where the hub has a site."""
    events, outreach = [], []
    site = hub.outreach_sites.first()
    month = first_day
    while month <= last_day:
        for n, (kind, title) in enumerate(EVENTS):
            day = month + dt.timedelta(days=7 + n * 7)
            if day <= last_day and (n < 2 or month.month in (10, 11)):
                events.append(
                    Event(
                        hub=hub,
                        date=day,
                        title=f"{title}（{month.month}月）",
                        kind=kind,
                        adults=rng.randint(5, 20),
                        children=rng.randint(5, 25),
                    )
                )
        if site is not None:
            for week in (1, 3):
                day = month + dt.timedelta(days=week * 7 + 2)
                if day <= last_day:
                    outreach.append(
                        OutreachSession(
                            site=site,
                            date=day,
                            starts=T(10, 0),
                            ends=T(15, 0),
                            groups=rng.randint(4, 12),
                            adults=rng.randint(5, 14),
                            children=rng.randint(5, 16),
                        )
                    )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return events, outreach


def _season(day: dt.date) -> float:
    """Busier in spring and summer holidays, quieter in deep winter and the rainy season."""
    month_factor = {
        4: 0.9,
        5: 1.05,
        6: 0.9,
        7: 1.1,
        8: 1.2,
        9: 1.0,
        10: 1.05,
        11: 1.0,
        12: 0.85,
        1: 0.8,
        2: 0.85,
        3: 0.95,
    }[day.month]
    weekday_factor = 1.25 if day.weekday() >= 5 else (1.1 if day.weekday() == 0 else 1.0)
    return month_factor * weekday_factor


def _usage_for(rng: random.Random, hub_pk: int, day: dt.date, base: int) -> DailyUsage:
    groups = max(0, round(rng.gauss(base * _season(day), base * 0.18)))
    mothers = round(groups * rng.uniform(0.82, 0.92))
    fathers = round(groups * rng.uniform(0.04, 0.14) * (2.2 if day.weekday() >= 5 else 1))
    grandparents = round(groups * rng.uniform(0.02, 0.07))
    pregnant = rng.choice([0, 0, 0, 1]) if groups else 0
    other = rng.choice([0, 0, 1]) if groups else 0
    children = round(groups * rng.uniform(1.1, 1.3))
    c0 = round(children * 0.34)
    c1 = round(children * 0.33)
    c2 = round(children * 0.22)
    return DailyUsage(
        hub_id=hub_pk,
        date=day,
        groups=groups,
        mothers=mothers,
        fathers=fathers,
        grandparents=grandparents,
        pregnant=pregnant,
        other_adults=other,
        children_0=c0,
        children_1=c1,
        children_2=c2,
        children_3plus=max(0, children - c0 - c1 - c2),
        first_time=max(0, round(rng.gauss(groups * 0.06, 1))),
    )


# What the officer recorded for the eligibility rules -------------------------------------------


def build_rule_records(hub, fiscal_year: int) -> None:
    """すくすく's record of the last full 年度 (情報提供, ネットワーク, 多言語対応, 配慮が必要な家庭),
    and 川越市's own experience period for 利用者支援事業 (dated)."""
    from reports.models import HubYearRecord, RiyoshaSetting

    RiyoshaSetting.objects.get_or_create(
        municipality=hub.municipality,
        first_year=2020,
        defaults={
            "experience_months_licensed": 24,
            "training_deadline_months": 12,
            "source": "川越市利用者支援事業実施要領 第4条（デモ）",
        },
    )
    record, created = HubYearRecord.objects.get_or_create(
        hub=hub,
        fiscal_year=fiscal_year,
        defaults={
            "info_methods": ["board", "newsletter", "web", "partners"],
            "network_partners": "川越市保健センター、市内の保育園・幼稚園、ファミリー・サポート・センター",
            "staffing_recorded": True,
            "interpreter": False,
            "translation_system": True,
            "languages": "英語・中国語・ベトナム語（翻訳タブレット）",
            "care_days_per_week": 2,
        },
    )
    if created:
        specialists = StaffMember.objects.filter(
            assignments__hub=hub, assignments__service__kind="riyosha_kihon"
        )
        record.care_staff.set(specialists)
