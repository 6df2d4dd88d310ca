"""The start page: for each of the user's roles, the work waiting today, as counts and links.

Hub staff who enter usage: today's entry and the opening days of this month and last without one. 利用者支援
specialists: follow-ups due, plan reviews, open referrals, births expected, open alerts. ファミサポ
coordinators: open requests, activity reports awaiting confirmation, open concerns. Municipal
officers: hubs that have not entered last month, alerts, last 年度's report. Prefecture officers:
where the municipalities' reports stand. No family or member is named here."""

import datetime as dt
from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.roles import ROLES, Perm
from common.japanese import fiscal_year_label, fiscal_year_of, wareki_date
from consultations import selectors as consultation_selectors
from famisapo import selectors_activities as famisapo_activities
from famisapo.models import Centre
from hubs import selectors as hub_selectors
from hubs.models import Hub
from hubs.opening import calendar_for_hub
from orgs.models import Municipality, Prefecture
from reports import selectors as report_selectors


@dataclass
class Card:
    """One role's work: a title, lines of (text, link, urgent)."""

    title: str
    role: str
    link: tuple[str, str] | None = None  # (label, url name + args) of the main page
    lines: list[tuple[str, str, bool]] = field(default_factory=list)

    def add(self, text: str, url: str = "", urgent: bool = False) -> None:
        self.lines.append((text, url, urgent))


def _days(days: list[dt.date]) -> str:
    shown = "・".join(f"{d.month}/{d.day}" for d in days[:10])
    return shown + (f" ほか{len(days) - 10}日" if len(days) > 10 else "")


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _hub_cards(hub: Hub, perms: frozenset[str], role_label: str, today: dt.date) -> list[Card]:
    cards = []
    hub_page = ("拠点のページ", reverse("hubs:detail", args=[hub.public_id]))
    if Perm.USAGE_EDIT in perms:
        card = Card(f"{hub.name}の入力", role_label, hub_page)
        month_url = reverse("hubs:usage_month", args=[hub.public_id, today.year, today.month])
        this_month = _month_start(today)
        last_month = _month_start(this_month - dt.timedelta(days=1))
        gaps = hub_selectors.entry_gaps([hub], last_month, today).get(hub.pk, [])
        day = f"今日（{wareki_date(today)}）"
        if not calendar_for_hub(hub).day(today).is_open:
            card.add(f"{day}は休館日です", month_url)
        elif today in gaps:
            card.add(f"{day}の利用実績はまだ入力されていません", month_url, True)
        else:
            card.add(f"{day}の利用実績は入力済みです", month_url)
        earlier = [d for d in gaps if this_month <= d < today]
        if earlier:
            card.add(f"今月の未入力の開所日 {len(earlier)}日: {_days(earlier)}", month_url, True)
        before = [d for d in gaps if d < this_month]
        if before:
            url = reverse(
                "hubs:usage_month", args=[hub.public_id, last_month.year, last_month.month]
            )
            card.add(f"先月の未入力の開所日 {len(before)}日: {_days(before)}", url, True)
        if not earlier and not before:
            card.add("今月・先月の開所日はすべて入力済みです")
        cards.append(card)
    if Perm.RECORD_VIEW in perms:
        counts = consultation_selectors.casework_counts(hub, today)
        card = Card(f"{hub.name}の利用者支援", role_label, hub_page)
        work = reverse("consultations:worklist", args=[hub.public_id])
        card.add(f"期日を過ぎたフォロー {counts['follow_ups']}件", work, counts["follow_ups"] > 0)
        card.add(f"7日以内のフォロー {counts['follow_ups_soon']}件", work)
        card.add(f"14日以内の支援計画の見直し {counts['reviews']}件", work, counts["reviews"] > 0)
        card.add(f"つないだ先の対応待ち {counts['referrals']}件", work)
        card.add(f"出産予定（60日以内） {counts['births']}件", work)
        if counts["alerts"]:
            card.add(f"虐待の疑いの通知（未対応） {counts['alerts']}件", "", True)
        card.add("支援台帳", reverse("consultations:register", args=[hub.public_id]))
        cards.append(card)
    if not cards:
        cards.append(Card(hub.name, role_label, hub_page))
    return cards


def _centre_card(centre: Centre, perms: frozenset[str], role_label: str, today) -> Card:
    card = Card(
        centre.name,
        role_label,
        ("センターのページ", reverse("famisapo:centre", args=[centre.public_id])),
    )
    if Perm.MEMBER_VIEW in perms:
        requests = famisapo_activities.open_requests(centre).count()
        unconfirmed = len(famisapo_activities.unconfirmed(centre, today))
        concerns = famisapo_activities.open_concerns(centre).count()
        work = reverse("famisapo:worklist", args=[centre.public_id])
        card.add(f"調整中の依頼 {requests}件", work, requests > 0)
        card.add(f"確認がない活動報告 {unconfirmed}件", work, unconfirmed > 0)
        card.add(f"対応中の心配なケース {concerns}件", work, concerns > 0)
    return card


def _municipality_card(user, municipality, perms, role_label, today) -> Card:
    card = Card(
        municipality.name,
        role_label,
        ("市町村のページ", reverse("portal:municipality", args=[municipality.code])),
    )
    hubs = list(
        access.hubs_for_user(user).filter(municipality=municipality).order_by("kana", "name")
    )
    if Perm.USAGE_VIEW in perms and hubs:
        this_month = _month_start(today)
        last_month = _month_start(this_month - dt.timedelta(days=1))
        gaps = hub_selectors.entry_gaps(hubs, last_month, this_month - dt.timedelta(days=1))
        late = [h for h in hubs if h.pk in gaps]
        label = f"{last_month.month}月"
        if late:
            for hub in late:
                url = reverse(
                    "hubs:usage_month", args=[hub.public_id, last_month.year, last_month.month]
                )
                card.add(
                    f"{label}の入力が済んでいない拠点: {hub.name}（{len(gaps[hub.pk])}日）",
                    url,
                    True,
                )
        else:
            card.add(f"{label}の利用実績はすべての拠点で入力済みです")
    if Perm.ALERT_VIEW in perms:
        alerts = consultation_selectors.open_alert_count(municipality)
        famisapo = famisapo_activities.open_abuse_concerns(municipality)
        if alerts:
            card.add(
                f"虐待の疑いの通知（未対応） {alerts}件",
                reverse("consultations:alerts", args=[municipality.code]),
                True,
            )
        if famisapo:
            card.add(
                f"ファミサポからの虐待の疑い（未対応） {famisapo}件",
                reverse("famisapo:municipality_alerts", args=[municipality.code]),
                True,
            )
    if Perm.REPORT_VIEW in perms:
        fy = fiscal_year_of(today) - 1
        report = report_selectors.report_for(municipality, fy)
        url = reverse("reports:annual", args=[municipality.code, fy])
        label = f"{fiscal_year_label(fy)}の年次報告"
        if report is None:
            card.add(f"{label}: 未提出", url, Perm.REPORT_SUBMIT in perms)
        else:
            card.add(f"{label}: {report.get_status_display()}", url, report.status == "returned")
    return card


def _prefecture_card(prefecture, role_label, today) -> Card:
    card = Card(
        prefecture.name,
        role_label,
        ("都道府県のページ", reverse("portal:prefecture", args=[prefecture.code])),
    )
    fy = fiscal_year_of(today) - 1
    # The towns that had hubs in the 年度, as the dashboard counts them.
    total = report_selectors.municipalities_with_hubs(prefecture, fy).count()
    by_status = report_selectors.report_statuses(prefecture, fy)
    url = reverse("reports:prefecture_dashboard", args=[prefecture.code, fy])
    card.add(f"{fiscal_year_label(fy)}の年次報告（拠点のある{total}市町村）", url)
    card.add(f"審査待ち {by_status['submitted']}件", url, by_status["submitted"] > 0)
    card.add(f"差戻し中 {by_status['returned']}件", url)
    card.add(f"承認済み {by_status['approved']}件", url)
    card.add(f"未提出 {max(total - sum(by_status.values()), 0)}件", url)
    return card


def home(request):
    """Each role's work, in the order of the user's assignments."""
    today = timezone.localdate()
    cards: list[Card] = []
    for assignment in access.assignments(request.user):
        role = ROLES[assignment.role]
        obj, perms = assignment.scope_object, role.permissions
        if isinstance(obj, Hub):
            cards += _hub_cards(obj, perms, role.label, today)
        elif isinstance(obj, Centre):
            cards.append(_centre_card(obj, perms, role.label, today))
        elif isinstance(obj, Municipality):
            cards.append(_municipality_card(request.user, obj, perms, role.label, today))
        elif isinstance(obj, Prefecture):
            cards.append(_prefecture_card(obj, role.label, today))
    return render(request, "portal/home.html", {"cards": _merged(cards), "today": today})


def _merged(cards: list[Card]) -> list[Card]:
    """Two roles on the same place (拠点職員 and 専門員 at one hub) keep one card per title."""
    seen: dict[str, Card] = {}
    for card in cards:
        if card.title in seen:
            known = seen[card.title]
            known.lines += [line for line in card.lines if line not in known.lines]
            known.role = f"{known.role}・{card.role}" if card.role not in known.role else known.role
        else:
            seen[card.title] = card
    return list(seen.values())


HELP_GROUPS = {
    "hub": ("拠点職員・拠点責任者", {"hub_staff", "hub_manager", "hub_viewer"}),
    "casework": ("利用者支援専門員・保健師", {"specialist", "health_nurse", "casework_lead"}),
    "famisapo": ("ファミサポ アドバイザー", {"famisapo_coordinator"}),
    "municipality": ("市町村担当者", {"municipal_officer", "municipal_records"}),
    "prefecture": ("都道府県担当者", {"prefecture_officer"}),
}


def help_page(request):
    """The help for the user's own roles (another role's with ?role=)."""
    roles = {a.role for a in access.assignments(request.user)}
    mine = [key for key, (_, codes) in HELP_GROUPS.items() if roles & codes]
    asked = request.GET.get("role", "")
    shown = [asked] if asked in HELP_GROUPS else (mine or list(HELP_GROUPS))
    others = [(key, label) for key, (label, _) in HELP_GROUPS.items() if key not in shown]
    return render(request, "help/help.html", {"shown": shown, "others": others})
