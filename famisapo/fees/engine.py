"""The fee of one activity, line by line: bands, units, children, surcharges, reductions, the city.

The rules (docs/famisapo.md says them for a coordinator):
- Time is charged in units laid from the start: the first unit whole (`first_minutes`, also the
  minimum), then `then_minutes` units rounded up. The billed time may run past the real end.
- A unit lies in the band of each moment's calendar day and time; a unit that touches two bands is
  charged at the dearer one (`straddling_unit: dearer`) or at the band it starts in (`start`).
- Each further child is charged a percent of the rate (`additional_children_percent`).
- 祝日・振替休日 and the year-end days count as holidays; a minute that no band covers is refused
  (outside the centre's hours).
- A reduction takes its percent off the fee (time, children, surcharges); the city pays that part to
  the helper. Costs (meals, transport) are paid at cost by the requester and never reduced.
- A cancellation charges the highest tier that applies, from the fee the booking would have cost;
  reductions and the city's share do not apply to it.
- Each line is rounded as the schedule says; totals are sums of lines.
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import groupby

from .activity import Activity
from .reading import FeeInputError, clock, duration, yen
from .schedule import DAY_LABELS, CancellationTier, FeeSchedule

REQUESTER, CITY = "requester", "city"
PAYER_LABELS = {REQUESTER: "依頼会員", CITY: "市町村"}


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    detail: str
    amount: int
    payer: str = REQUESTER
    part: str = "fee"  # fee, reduction, cost, city, cancellation

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "detail": self.detail,
            "amount_yen": self.amount,
            "payer": self.payer,
            "payer_label": PAYER_LABELS[self.payer],
            "part": self.part,
        }


@dataclass(slots=True)
class Fee:
    activity: Activity
    schedule: FeeSchedule
    billed_minutes: int = 0
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def total(self, *parts: str, payer: str | None = None) -> int:
        return sum(
            line.amount
            for line in self.lines
            if line.part in parts and (payer is None or line.payer == payer)
        )

    @property
    def requester_pays(self) -> int:
        return sum(line.amount for line in self.lines if line.payer == REQUESTER)

    @property
    def city_pays(self) -> int:
        return sum(line.amount for line in self.lines if line.payer == CITY)

    @property
    def helper_receives(self) -> int:
        return self.requester_pays + self.city_pays

    def as_dict(self) -> dict:
        a = self.activity
        return {
            "id": a.id,
            "start": a.start.isoformat(timespec="minutes"),
            "end": a.end.isoformat(timespec="minutes"),
            "kind": a.kind,
            "children": a.children,
            "cancelled": a.cancelled,
            "schedule": {
                "name": self.schedule.name,
                "valid_from": self.schedule.valid_from.isoformat(),
            },
            "actual_minutes": a.minutes,
            "billed_minutes": self.billed_minutes,
            "lines": [line.as_dict() for line in self.lines],
            "fee_yen": self.total("fee", "cancellation"),
            "reduction_yen": -self.total("reduction", payer=REQUESTER),
            "costs_yen": self.total("cost"),
            "requester_pays_yen": self.requester_pays,
            "city_pays_yen": self.city_pays,
            "helper_receives_yen": self.helper_receives,
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class _Unit:
    start: dt.datetime
    minutes: int
    band_label: str
    rate: Fraction
    day_type: str


def fee_for(activity: Activity, schedule: FeeSchedule, where: str = "活動") -> Fee:
    fee = Fee(activity, schedule)
    if activity.cancelled:
        _cancellation(fee, where)
    else:
        units = _time_fee(fee, where)
        _surcharges(fee, units)
        _reduction(fee)
        _city_share(fee)
    _costs(fee)
    return fee


def _time_fee(fee: Fee, where: str) -> list[_Unit]:
    """Add the time lines (first child and further children); return the units charged."""
    a, s = fee.activity, fee.schedule
    kind = s.kinds.get(a.kind)
    if kind and kind.yen_per_night is not None:
        nights = max(1, (a.end.date() - a.start.date()).days)
        fee.billed_minutes = a.minutes
        rate = Fraction(kind.yen_per_night)
        _child_lines(fee, a.kind, rate, "/泊", f"{nights}泊", Fraction(nights))
        return []
    units = _units(a, s, where, flat=kind.yen_per_hour if kind else None, flat_label=a.kind)
    fee.billed_minutes = sum(u.minutes for u in units)
    for (label, rate), group in groupby(units, key=lambda u: (u.band_label, u.rate)):
        minutes = sum(u.minutes for u in group)
        _child_lines(fee, label, rate, "/時", duration(minutes), Fraction(minutes, 60))
    return units


def _child_lines(fee: Fee, label: str, rate: Fraction, unit: str, qty: str, quantity: Fraction):
    """The first child's line and one line per percent for the further children."""
    s, children = fee.schedule, fee.activity.children
    first_label = f"{label}（1人目）" if children > 1 else label
    fee.lines.append(
        Line(first_label, f"{yen(rate)}{unit} × {qty}", s.rounding.apply(rate * quantity))
    )
    for percent, group in groupby(range(2, children + 1), key=s.child_percent):
        nums = list(group)
        who = f"{nums[0]}人目" if len(nums) == 1 else f"{nums[0]}〜{nums[-1]}人目"
        each = f" × {len(nums)}人" if len(nums) > 1 else ""
        child_rate = rate * percent / 100
        fee.lines.append(
            Line(
                f"{label}（{who}・{percent}%）",
                f"{yen(child_rate)}{unit} × {qty}{each}",
                s.rounding.apply(child_rate * quantity * len(nums)),
            )
        )


def _units(a: Activity, s: FeeSchedule, where: str, *, flat, flat_label) -> list[_Unit]:
    segments = [] if flat is not None else _segments(a, s, where)
    units, at, first = [], a.start, True
    while at < a.end:
        minutes = s.first_minutes if first else s.then_minutes
        covered_end = min(at + dt.timedelta(minutes=minutes), a.end)
        day_type = s.day_type(at.date())
        if flat is not None:
            label, rate = flat_label, Fraction(flat)
        else:
            touched = [
                (b, d)
                for b, d, seg_start, seg_end in segments
                if seg_start < covered_end and seg_end > at
            ]
            if s.straddling == "start":
                band, day_type = touched[0]
            else:
                band, day_type = max(touched, key=lambda t: t[0].yen_per_hour)
            label, rate = band.label, band.yen_per_hour
        units.append(_Unit(at, minutes, label, rate, day_type))
        at += dt.timedelta(minutes=minutes)
        first = False
    return units


def _segments(a: Activity, s: FeeSchedule, where: str):
    """Split the activity at midnights and band edges: (band, day type, start, end) in order."""
    result = []
    at = a.start
    while at < a.end:
        day, minute = at.date(), at.hour * 60 + at.minute
        day_type = s.day_type(day)
        midnight = dt.datetime.combine(day, dt.time()) + dt.timedelta(days=1)
        run = next(((st, en, b) for st, en, b in s.day_runs[day_type] if st <= minute < en), None)
        if run is None:
            raise FeeInputError(
                f"{where}: {day:%Y-%m-%d}（{DAY_LABELS[day_type]}）の{clock(minute)}はどの料金帯にも"
                "入りません。センターの援助時間外か、料金表の bands が足りません。"
            )
        _, end, band = run
        seg_end = min(
            a.end, midnight, dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=end)
        )
        result.append((band, day_type, at, seg_end))
        at = seg_end
    return result


def _surcharges(fee: Fee, units: list[_Unit]) -> None:
    a, s = fee.activity, fee.schedule
    for surcharge in s.surcharges:
        if surcharge.notice_under_hours is not None:
            if a.requested_at is None:
                fee.notes.append(
                    f"依頼の日時（requested_at）がないため「{surcharge.label}」は判定していません。"
                )
                continue
            if a.start - a.requested_at >= dt.timedelta(hours=surcharge.notice_under_hours):
                continue
        if not units and surcharge.yen_per_hour:  # a per-night stay has no hours to add to
            fee.notes.append(
                f"「{surcharge.label}」は1時間あたりの加算のため、泊単位の活動には付けていません。"
            )
            continue
        days = surcharge.days
        minutes = sum(u.minutes for u in units if days is None or u.day_type in days)
        if days is not None and not (minutes if units else s.day_type(a.start.date()) in days):
            continue
        children = a.children if surcharge.per_child else 1
        each = f" × {children}人" if children > 1 else ""
        if surcharge.yen_per_hour:
            amount = Fraction(surcharge.yen_per_hour * minutes * children, 60)
            detail = f"{yen(surcharge.yen_per_hour)}/時 × {duration(minutes)}{each}"
            fee.lines.append(Line(surcharge.label, detail, s.rounding.apply(amount)))
        if surcharge.yen:
            fee.lines.append(
                Line(surcharge.label, f"{yen(surcharge.yen)}/回{each}", surcharge.yen * children)
            )


def _reduction(fee: Fee) -> None:
    name = fee.activity.reduction
    if not name:
        return
    percent = fee.schedule.reductions[name]
    base = fee.total("fee")
    amount = fee.schedule.rounding.apply(Fraction(base * percent, 100))
    detail = f"利用料 {yen(base)} の{percent}%"
    fee.lines.append(Line(f"減免（{name}）", detail, -amount, REQUESTER, "reduction"))
    fee.lines.append(Line(f"減免分の市町村負担（{name}）", detail, amount, CITY, "reduction"))


def _city_share(fee: Fee) -> None:
    share, a = fee.schedule.city_share, fee.activity
    kind = fee.schedule.kinds.get(a.kind)
    if share is None or (kind and kind.yen_per_night is not None):
        return
    minutes = fee.billed_minutes
    amount = Fraction(share.yen_per_hour * minutes, 60)
    detail = f"{yen(share.yen_per_hour)}/時 × {duration(minutes)}"
    if a.children > 1 and share.additional_child_yen_per_hour:
        extra = a.children - 1
        amount += Fraction(share.additional_child_yen_per_hour * minutes * extra, 60)
        detail += f" ＋ 2人目以降 {yen(share.additional_child_yen_per_hour)}/時 × {duration(minutes)} × {extra}人"
    fee.lines.append(
        Line("市町村から提供会員へ", detail, fee.schedule.rounding.apply(amount), CITY, "city")
    )


def _cancellation(fee: Fee, where: str) -> None:
    """The highest tier that applies, charged from what the booking would have cost."""
    a, s = fee.activity, fee.schedule
    booked = Fee(a, s)
    _surcharges(booked, _time_fee(booked, where))
    base = booked.total("fee")
    notice = None if a.cancelled_at is None else a.start - a.cancelled_at
    if notice is None:
        when = "連絡なし"
    else:
        when = f"{duration(max(0, int(notice.total_seconds() // 60)))}前の連絡"
    charges = []
    for tier in s.cancellation:
        if notice is not None and not _tier_applies(tier, a, notice):
            continue
        if tier.percent is not None:
            amount = s.rounding.apply(Fraction(base * tier.percent, 100))
            detail = f"予定の利用料 {yen(base)} の{tier.percent}%"
        else:
            amount, detail = tier.yen or 0, "定額"
        charges.append((amount, tier.label, detail))
    if not charges:
        detail = f"{when}: 料金表のキャンセル料の段階に当たりません"
        fee.lines.append(Line("キャンセル料なし", detail, 0, part="cancellation"))
        return
    amount, label, detail = max(charges, key=lambda c: c[0])
    fee.lines.append(
        Line(f"キャンセル料（{label}）", f"{when}: {detail}", amount, part="cancellation")
    )


def _tier_applies(tier: CancellationTier, a: Activity, notice: dt.timedelta) -> bool:
    """Whether a cancellation notified `notice` before the start falls in the tier."""
    if tier.no_notice:
        return False
    if tier.same_day:
        return a.cancelled_at is not None and a.cancelled_at.date() >= a.start.date()
    return tier.under_hours is not None and notice < dt.timedelta(hours=tier.under_hours)


def _costs(fee: Fee) -> None:
    a, s = fee.activity, fee.schedule
    if a.meals_yen:
        fee.lines.append(Line("食事・おやつ（実費）", "", a.meals_yen, part="cost"))
    if a.transport_yen:
        fee.lines.append(Line("交通費（実費）", "", a.transport_yen, part="cost"))
    if a.transport_km and s.transport_yen_per_km is not None:
        km = a.transport_km
        amount = s.rounding.apply(km * s.transport_yen_per_km)
        fee.lines.append(
            Line(
                "交通費（距離）",
                f"{yen(s.transport_yen_per_km)}/km × {float(km):g}km",
                amount,
                part="cost",
            )
        )
    if a.other_costs_yen:
        fee.lines.append(Line("その他の実費", "", a.other_costs_yen, part="cost"))
