"""The demo centre's year: children, pairs with their 事前打合せ, requests in every state and
about two 年度 of activities priced with the centre's schedule (some crossing into the evening
band, some on holidays), the past months closed, one report still unconfirmed."""

import datetime as dt
import random

from django.utils import timezone

from common.japanese import fiscal_year_of
from famisapo import fees
from famisapo.models import (
    Activity,
    Centre,
    Concern,
    FeeScheduleRow,
    Incident,
    Member,
    MemberChild,
    MonthClose,
    PreMeeting,
    Request,
    RequestEvent,
)
from famisapo.training import add_months

from .plans import GIVEN

SCHOOLS = ["さくら保育園", "なかよし幼稚園", "川越第一小学校 学童", "霞ケ関保育園"]
# (kind, weekday, start, end): the pair's usual help; 17:30–19:15 crosses into the evening band.
PATTERNS = [
    ("保育施設等の送迎", 0, dt.time(17, 30), dt.time(19, 15)),
    ("学童・放課後", 2, dt.time(15, 0), dt.time(18, 0)),
    ("保育施設等の開始前・終了後の預かり", 4, dt.time(7, 0), dt.time(8, 30)),
    ("買い物・用事", 5, dt.time(9, 0), dt.time(12, 0)),
]


def build_activities(centre: Centre, *, today: dt.date, rng: random.Random) -> None:
    requesters = list(centre.members.filter(kind="requester").order_by("number"))
    helpers = [
        m
        for m in centre.members.filter(kind__in=["helper", "both"]).order_by("number")
        if m.number not in ("0039", "0041")
    ]
    for member in requesters:
        _children(member, today, rng)
    schedule = (
        FeeScheduleRow.objects.filter(centre=centre).order_by("valid_from").first().schedule()
    )
    start = max(dt.date(fiscal_year_of(today) - 1, 4, 1), schedule.valid_from)
    for i, requester in enumerate(requesters[:20]):
        if requester.number in ("0003", "0005", "0008"):  # paused or left during the year
            continue
        helper = helpers[i % len(helpers)]
        kind, weekday, begin, end = PATTERNS[i % len(PATTERNS)]
        children = list(requester.children.all()[: 1 + (i % 3 == 0)])
        _pair_year(
            centre, requester, helper, children, (kind, weekday, begin, end), start, today, schedule
        )
    _requests_in_every_state(centre, requesters, helpers, today)
    # One report of two months ago is still not confirmed by the family: past the deadline.
    late = add_months(today.replace(day=1), -2)
    Activity.objects.filter(
        pk=centre.activities.filter(date__gte=late, date__lt=add_months(late, 1))
        .order_by("date")
        .values("pk")[:1]
    ).update(confirmed_on=None, confirmation="")
    _close_months(centre, start, add_months(late, -1))
    _care(centre, today)


# The 依頼会員 whose household the hub's 利用者支援 specialist knows too (demo/family_support.py
# gives them the casebook's 田中家 name and phone).
KNOWN_TO_BOTH = 1


def _children(member: Member, today: dt.date, rng: random.Random) -> None:
    family = member.name.split()[0]
    for order, (name, kana) in enumerate(rng.sample(GIVEN, 1 + (rng.random() < 0.35))):
        born = today - dt.timedelta(days=rng.randrange(2 * 365, 11 * 365))
        allergies, school = "卵" if rng.random() < 0.15 else "", rng.choice(SCHOOLS)
        if (
            member.number == f"{KNOWN_TO_BOTH:04d}"
        ):  # the casebook's 田中 結衣 (demo/casebook_families.py)
            if order:
                continue
            name, kana, born = "結衣", "ゆい", today - dt.timedelta(days=40 * 30)
        MemberChild.objects.create(
            member=member,
            name=f"{family} {name}",
            kana=kana,
            birth_date=born,
            allergies=allergies,
            school=school,
        )


def _pair_year(centre, requester, helper, children, pattern, start, today, schedule) -> None:
    kind, weekday, begin, end = pattern
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    meetings: set[int] = set()
    while day < today:
        if fiscal_year_of(day) not in meetings:
            meeting = PreMeeting.objects.create(
                centre=centre,
                requester=requester,
                helper=helper,
                kinds=[kind],
                held_on=day - dt.timedelta(days=5),
                place="依頼会員の自宅",
                attendees="依頼会員、提供会員、アドバイザー",
                allergies="、".join(c.allergies for c in children if c.allergies) or "なし",
                agreed="送迎先、緊急連絡先、鍵の受け渡しを確認",
            )
            meeting.children.set(children)
            meetings.add(fiscal_year_of(day))
        _activity(centre, requester, helper, children, kind, day, begin, end, today, schedule)
        day += dt.timedelta(days=14)


def _activity(centre, requester, helper, children, kind, day, begin, end, today, schedule) -> None:
    received = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=10), dt.time(10)))
    request = Request.objects.create(
        centre=centre,
        requester=requester,
        kind=kind,
        date=day,
        start=begin,
        end=end,
        place=children[0].school,
        received_at=received,
        state=Request.State.MATCHED,
        helper=helper,
        matched_at=received + dt.timedelta(hours=3),
        recurrence="隔週",
    )
    request.children.set(children)
    RequestEvent.objects.create(
        request=request, at=received + dt.timedelta(hours=1), step="asked", helper=helper
    )
    RequestEvent.objects.create(
        request=request, at=received + dt.timedelta(hours=3), step="accepted", helper=helper
    )
    fee = fees.fee_for(
        fees.Activity(
            id="",
            start=dt.datetime.combine(day, begin),
            end=dt.datetime.combine(day, end),
            kind=kind,
            children=len(children),
            reduction=requester.reduction,
        ),
        schedule,
    )
    recent = (today - day).days < 12
    activity = Activity.objects.create(
        centre=centre,
        request=request,
        requester=requester,
        helper=helper,
        kind=kind,
        date=day,
        start=begin,
        end=end,
        done=f"{children[0].school}から自宅まで、帰宅後の見守り",
        reported_on=min(day + dt.timedelta(days=3), today),
        confirmed_on=None if recent else min(day + dt.timedelta(days=3), today),
        confirmation="" if recent else Activity.Confirmation.PAPER,
        requester_pays=fee.requester_pays,
        city_pays=fee.city_pays,
        fee_lines=[line.as_dict() for line in fee.lines],
    )
    activity.children.set(children)


def _requests_in_every_state(centre, requesters, helpers, today) -> None:
    now = timezone.now()
    for offset, (state, kind) in enumerate(
        [
            ("open", "保育施設等の送迎"),
            ("open", "通院"),
            ("open", "病児・病後児"),
            ("cancelled", "冠婚葬祭"),
            ("unmatched", "早朝・夜間の緊急"),
        ]
    ):
        requester = requesters[20 + offset]
        day = (
            today + dt.timedelta(days=3 + offset)
            if state == "open"
            else today - dt.timedelta(days=20 + offset)
        )
        request = Request.objects.create(
            centre=centre,
            requester=requester,
            kind=kind,
            date=day,
            start=dt.time(9, 0),
            end=dt.time(12, 0),
            place="自宅",
            received_at=now - dt.timedelta(days=1),
            state=state,
        )
        request.children.set(list(requester.children.all()[:1]))
        if state != "open" or offset == 0:
            RequestEvent.objects.create(
                request=request,
                at=now - dt.timedelta(hours=20),
                step="asked",
                helper=helpers[offset],
            )
            RequestEvent.objects.create(
                request=request,
                at=now - dt.timedelta(hours=18),
                step="declined",
                helper=helpers[offset],
                note="その日は都合が悪い",
            )
        if state != "open":
            RequestEvent.objects.create(request=request, at=now - dt.timedelta(hours=2), step=state)


def _close_months(centre, start, last_closed) -> None:
    """Months up to `last_closed` are closed, as a centre does once their reports are in."""
    month = start.replace(day=1)
    while month <= last_closed:
        MonthClose.objects.get_or_create(centre=centre, month=month)
        month = add_months(month, 1)


def _care(centre: Centre, today: dt.date) -> None:
    """An incident awaiting its insurance claim, and a helper's worry about a family."""
    recent = centre.activities.filter(date__lt=today).order_by("-date", "-start")
    bumped = recent.filter(kind="学童・放課後").first() or recent.first()
    Incident.objects.create(
        centre=centre,
        activity=bumped,
        occurred_on=bumped.date,
        kind=Incident.Kind.CHILD_INJURY,
        what_happened="帰宅後、室内で走って転び、机の角で額を切った。保護者に連絡し、近くの外科で2針縫った。",
        arranged=True,
    )
    worried = recent.exclude(pk=bumped.pk).filter(kind="保育施設等の送迎").first()
    Concern.objects.create(
        activity=worried,
        noticed="お迎えの時、子どもの腕にあざが2か所あった。本人は「転んだ」と言うが、保護者は疲れた様子で、最近連絡がつきにくい。",
        abuse_suspected=False,
    )
