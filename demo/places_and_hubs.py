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
from famisapo.models import Centre
from hubs.models import (
    ClosurePeriod,
    DailyUsage,
    ExtraOpeningDay,
    Hub,
    HubService,
    OpeningHours,
    OpeningSchedule,
    OutreachSite,
    TrainingCourse,
)
from orgs.models import Municipality, Operator, Prefecture, Ward

from .casebook import CasebookBuilder
from .family_support import FamilySupportBuilder
from .hub_records import build_rule_records, build_staff, build_usage
from .plans import (
    DEMO_PASSWORD,
    DEMO_USERS,
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
            build_staff(self.rng, hub, plan)
            build_usage(hub, plan, self.first_day, self.last_day)
        build_rule_records(hubs[0][0], fiscal_year_of(self.today) - 1)
        FamilySupportBuilder(today=self.today).build()
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
            self._calendar_and_services(hub, plan)
        return hub, plan

    def _calendar_and_services(self, hub, plan: HubPlan) -> None:
        """A new hub's opening schedules, closures, one Sunday opening, services and 出張ひろば site."""
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
                    "centre": lambda k: {"centre": Centre.objects.get(name=k)},
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
