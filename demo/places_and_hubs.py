"""Demo data: a prefecture of real municipality codes, hubs modelled on seed 000's case studies.

Deterministic (a fixed random seed) and idempotent: running it twice changes nothing.
"""

import base64
import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RoleAssignment, User
from accounts.roles import PERSONAL_PERMS, ROLES
from accounts.two_factor import needs_two_factor
from common.japanese import fiscal_year_of
from hubs.models import (
    Assignment,
    ClosurePeriod,
    DailyUsage,
    Event,
    ExtraOpeningDay,
    Hub,
    HubService,
    OpeningHours,
    OpeningSchedule,
    OutreachSession,
    OutreachSite,
    Qualification,
    StaffMember,
    TemporaryCareDay,
    TrainingCourse,
    TrainingRecord,
)
from hubs.opening import calendar_for_hub
from orgs.models import Municipality, Operator, Prefecture, Ward

from .casebook import CasebookBuilder
from .plans import (
    DEMO_PASSWORD,
    DEMO_USERS,
    FAMILY,
    FAMILY_KANA,
    GIVEN,
    HUB_PLANS,
    MUNICIPALITIES,
    OPERATORS,
    WARDS,
    HubPlan,
    T,
    code,
    days,
)


def demo_totp_secret(username: str) -> str:
    """A fixed TOTP secret per demo account, so the demo stays usable (README lists them)."""
    import base64

    return base64.b32encode(f"kyoten:{username}".ljust(20, "-")[:20].encode()).decode()


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


class DemoBuilder:
    def __init__(self, *, today: dt.date | None = None, seed: int = 20240401):
        self.today = today or timezone.localdate()
        self.rng = random.Random(seed)
        self.first_day = dt.date(fiscal_year_of(self.today) - 1, 4, 1)
        self.last_day = self.today - dt.timedelta(days=1)

    @transaction.atomic
    def build(self, *, scale: str = "demo") -> dict:
        prefecture, _ = Prefecture.objects.get_or_create(code="11", defaults={"name": "埼玉県"})
        cities = {}
        for five, name, kana, designated in MUNICIPALITIES:
            cities[five], _ = Municipality.objects.get_or_create(
                code=code(five),
                defaults={
                    "prefecture": prefecture,
                    "name": name,
                    "kana": kana,
                    "is_designated_city": designated,
                },
            )
        wards = {}
        for five, name in WARDS:
            wards[five], _ = Ward.objects.get_or_create(
                code=code(five), defaults={"municipality": cities["11100"], "name": name}
            )
        operators = {}
        for name, kind in OPERATORS:
            operators[name], _ = Operator.objects.get_or_create(name=name, defaults={"kind": kind})
        for city in cities.values():
            TrainingCourse.objects.get_or_create(
                code=f"local-{city.code}",
                defaults={
                    "name": f"{city.name} 子育て支援者研修",
                    "category": "local",
                    "municipality": city,
                    "expected_for": [],
                },
            )

        hubs = [self._hub(plan, cities, wards, operators) for plan in HUB_PLANS]
        if scale == "prefecture":
            hubs += self._prefecture_scale(prefecture, operators)
        for hub, plan in hubs:
            self._staff(hub, plan)
            self._usage(hub, plan)
        self._users()
        CasebookBuilder(today=self.today).build()
        return {"hubs": len(hubs), "usage_days": DailyUsage.objects.count()}

    # Hubs ----------------------------------------------------------------------------------

    def _hub(self, plan: HubPlan, cities, wards, operators):
        city = cities[plan.city]
        operator = operators[plan.operator]
        hub, created = Hub.objects.get_or_create(
            municipality=city,
            name=plan.name,
            defaults={
                "kana": plan.kana,
                "ward": wards.get(plan.ward) if plan.ward else None,
                "operator": operator,
                "management": "direct" if operator.kind == "direct" else "contracted",
                "hub_type": plan.hub_type,
                "premises": plan.premises,
                "address": f"埼玉県{city.name}{'一二三四五'[len(plan.name) % 5]}丁目{len(plan.kana) % 20 + 1}番地",
                "phone": f"04{len(plan.name) % 10}-{1000 + len(plan.kana) * 37 % 9000}-{2000 + len(plan.name) * 53 % 8000}",
                "capacity_groups": plan.capacity,
                "opened_on": plan.opened,
                "satellite_of": Hub.objects.filter(name=plan.satellite_of).first()
                if plan.satellite_of
                else None,
            },
        )
        if created:
            self._schedule(hub, dt.date(2012, 4, 1), plan.hours, plan.holidays_open)
            if plan.change_from:
                self._schedule(
                    hub,
                    plan.change_from,
                    plan.changed_hours,
                    plan.holidays_open,
                    note="10月から週5日に拡大",
                )
            for year in range(self.first_day.year, self.today.year + 1):
                ClosurePeriod.objects.create(
                    hub=hub,
                    starts_on=dt.date(year - 1, 12, 29),
                    ends_on=dt.date(year, 1, 3),
                    kind="new_year",
                )
            if plan.base_groups >= 40:
                ClosurePeriod.objects.create(
                    hub=hub,
                    starts_on=dt.date(self.first_day.year, 9, 16),
                    ends_on=dt.date(self.first_day.year, 9, 17),
                    kind="temporary",
                    note="空調設備の工事",
                )
                ExtraOpeningDay.objects.create(
                    hub=hub,
                    date=self._next_sunday(dt.date(self.first_day.year, 11, 1)),
                    opens=T(10, 0),
                    closes=T(15, 0),
                    note="秋の親子まつり（日曜開所）",
                )
            for kind, started in plan.services:
                HubService.objects.create(hub=hub, kind=kind, started_on=started)
            if any(k == "shuccho" for k, _ in plan.services):
                OutreachSite.objects.create(
                    hub=hub,
                    name=f"{hub.municipality.name}公民館 和室",
                    address=f"{hub.municipality.name}内",
                )
        return hub, plan

    @staticmethod
    def _next_sunday(day: dt.date) -> dt.date:
        return day + dt.timedelta(days=(6 - day.weekday()) % 7)

    @staticmethod
    def _schedule(hub, valid_from, hours, holidays_open, note=""):
        schedule = OpeningSchedule.objects.create(
            hub=hub, valid_from=valid_from, opens_on_public_holidays=holidays_open, note=note
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(schedule=schedule, weekday=d, opens=o, closes=c)
            for d, ranges in hours.items()
            for o, c in ranges
        )

    # Staff -----------------------------------------------------------------------------------

    def _person(self, municipality, number: int):
        i = self.rng.randrange(len(FAMILY))
        given, given_kana = self.rng.choice(GIVEN)
        staff, _ = StaffMember.objects.get_or_create(
            municipality=municipality,
            staff_number=f"S{number:05d}",
            defaults={"name": f"{FAMILY[i]} {given}", "kana": f"{FAMILY_KANA[i]} {given_kana}"},
        )
        return staff

    def _staff(self, hub, plan):
        if hub.assignments.exists():
            return
        courses = {c.code: c for c in TrainingCourse.objects.filter(municipality__isnull=True)}
        base_number = hub.pk * 10
        count = 1 if hub.hub_type == "renkei" else (3 if plan.base_groups >= 25 else 2)
        for n in range(count):
            staff = self._person(hub.municipality, base_number + n)
            quals = self.rng.sample(
                ["hoikushi", "yochien", "kangoshi", "other"], k=self.rng.choice([0, 1, 1, 2])
            )
            for q in quals:
                Qualification.objects.get_or_create(
                    staff=staff,
                    kind=q,
                    defaults={"obtained_on": dt.date(self.rng.randint(1995, 2015), 3, 31)},
                )
            Assignment.objects.create(
                staff=staff,
                hub=hub,
                role="leader" if n == 0 else "hiroba",
                dedicated=True,
                full_time=n == 0,
                started_on=dt.date(self.rng.randint(2014, 2023), 4, 1),
            )
            done = ["kihon", "senmon-kyoten", "privacy"]
            if n == count - 1:
                done = done[: self.rng.choice([1, 2])]  # someone always has training to catch up on
            for c in done:
                TrainingRecord.objects.get_or_create(
                    staff=staff,
                    course=courses[c],
                    completed_on=dt.date(
                        self.rng.randint(2016, 2024), self.rng.choice([6, 9, 11]), 15
                    ),
                    defaults={
                        "hours": 8 if c == "kihon" else 6,
                        "certificate_number": f"R{self.rng.randint(1000, 9999)}",
                    },
                )
        for service in hub.services.filter(kind__startswith="riyosha"):
            staff = self._person(hub.municipality, base_number + 8)
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
        for service in hub.services.filter(kind="ichiji"):
            staff = self._person(hub.municipality, base_number + 9)
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

    # Usage -----------------------------------------------------------------------------------

    def _usage(self, hub, plan):
        if hub.usage.exists():
            return
        calendar = calendar_for_hub(hub)
        rng = random.Random(hub.pk)
        usage, events, care, outreach = [], [], [], []
        services = {s.kind for s in hub.services.all()}
        site = hub.outreach_sites.first()
        for opening in calendar.days(self.first_day, self.last_day):
            if not opening.is_open:
                continue
            day = opening.date
            usage.append(_usage_for(rng, hub.pk, day, plan.base_groups))
            if "ichiji" in services:
                ages = [rng.randint(0, 2), rng.randint(0, 3), rng.randint(0, 2), rng.randint(0, 1)]
                total = sum(ages)
                work = min(total, rng.randint(0, total))
                private = total - work
                care.append(
                    TemporaryCareDay(
                        hub=hub,
                        date=day,
                        age_0=ages[0],
                        age_1=ages[1],
                        age_2=ages[2],
                        age_3plus=ages[3],
                        reason_work=work,
                        reason_private=private,
                    )
                )
        # Events: a 講習 every month, and one or two exchange events.
        month = self.first_day
        while month <= self.last_day:
            for n, (kind, title) in enumerate(
                [
                    ("koshu", "離乳食講習会"),
                    ("exchange", "誕生会"),
                    ("information", "保育園入園説明会"),
                ]
            ):
                day = month + dt.timedelta(days=7 + n * 7)
                if day <= self.last_day and (n < 2 or month.month in (10, 11)):
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
                    if day <= self.last_day:
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
        DailyUsage.objects.bulk_create(usage, batch_size=2000, ignore_conflicts=True)
        Event.objects.bulk_create(events, ignore_conflicts=True)
        TemporaryCareDay.objects.bulk_create(care, batch_size=2000, ignore_conflicts=True)
        OutreachSession.objects.bulk_create(outreach, ignore_conflicts=True)

    # Prefecture scale --------------------------------------------------------------------------

    def _prefecture_scale(self, prefecture, operators):
        """About 60 municipalities and 560 hubs, for performance work (not used by `make run`)."""
        plans = []
        existing = set(Municipality.objects.values_list("code", flat=True))
        number = 0
        for five in range(11201, 11470):
            c = code(str(five))
            if c in existing:
                continue
            number += 1
            if number > 57:
                break
            city, _ = Municipality.objects.get_or_create(
                code=c,
                defaults={
                    "prefecture": prefecture,
                    "name": f"性能検証市{number:02d}",
                    "kana": f"せいのうけんしょうし{number:02d}",
                },
            )
            for h in range(9 if number % 3 else 11):
                weekdays = [0, 1, 2, 3, 4, 5][: 3 + (h % 4)]
                plan = HubPlan(
                    five,
                    f"検証拠点{number:02d}-{h + 1:02d}",
                    f"けんしょうきょてん{number:02d}{h:02d}",
                    "renkei" if h % 5 == 4 else "ippan",
                    "child_welfare" if h % 5 == 4 else "public_space",
                    "NPO法人 おやこの森",
                    days(weekdays, (T(9, 30), T(15, 30))),
                    base_groups=8 + (h * 7) % 40,
                )
                plans.append(self._hub(plan, {five: city}, {}, operators))
        return plans

    # Users -------------------------------------------------------------------------------------

    @transaction.atomic
    def _users(self):
        for username, display, roles in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"display_name": display}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = user.is_superuser = not roles
                user.save()
            for role, scope in roles:
                kind, key = scope.split(":", 1)
                target = {
                    "hub": lambda k: {"hub": Hub.objects.get(name=k)},
                    "municipality": lambda k: {
                        "municipality": Municipality.objects.get(code=code(k))
                    },
                    "prefecture": lambda k: {"prefecture": Prefecture.objects.get(code=k)},
                }[kind](key)
                RoleAssignment.objects.get_or_create(user=user, role=role, **target)
            user = User.objects.get(pk=user.pk)  # fresh role cache
            if needs_two_factor(user):
                TOTPDevice.objects.get_or_create(
                    user=user,
                    name="デモ用（固定の秘密鍵）",
                    defaults={
                        "key": base64.b32decode(demo_totp_secret(username)).hex(),
                        "confirmed": True,
                    },
                )


def demo_accounts_table() -> list[tuple[str, str, str, str]]:
    """(username, password, label, TOTP secret or "") for the README and `demo_accounts`."""
    rows = []
    for username, display, roles in DEMO_USERS:
        two_factor = not roles or any(ROLES[r].permissions & PERSONAL_PERMS for r, _ in roles)
        rows.append(
            (username, DEMO_PASSWORD, display, demo_totp_secret(username) if two_factor else "")
        )
    return rows
