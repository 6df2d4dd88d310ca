"""The ファミサポ 月報・年報: figures computed from the records, the files, the command."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from famisapo.figures import age_band, figures, fiscal_period, month_period
from famisapo.models import Activity, MemberStatus, StatusChange, TrainingRecord

from .conftest import make_member


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (dt.date(2025, 3, 1), "0歳"),
        (dt.date(2023, 10, 1), "1・2歳"),
        (dt.date(2019, 4, 2), "3歳〜就学前"),  # turns 7 in 2026: 小1 from April 2026
        (dt.date(2019, 4, 1), "小学1〜3年"),  # 4月1日生まれ: the year before
        (dt.date(2014, 4, 2), "小学4〜6年"),
        (dt.date(2013, 4, 1), "中学生"),
    ],
)
def test_age_bands_follow_the_school_year(birth, band):
    assert age_band(birth, dt.date(2025, 10, 1)) == band


def test_monthly_figures_count_members_activities_children_and_money(centres):
    own = centres.own
    make_member(own.centre, "0010", kind="requester", registered_on=dt.date(2025, 6, 10))
    left = make_member(own.centre, "0011", kind="requester", registered_on=dt.date(2024, 4, 1))
    StatusChange.objects.create(member=left, on=dt.date(2025, 6, 20), status=MemberStatus.LEFT)
    f = figures([own.centre], *month_period(dt.date(2025, 6, 1)))
    assert f.registered == {"requester": 2, "helper": 1, "both": 0}  # the leaver is gone
    assert f.joined["requester"] == 1 and f.left["requester"] == 1
    assert f.activities == {"保育施設等の送迎": 1}
    assert f.hours == {"保育施設等の送迎": 1.5}
    assert f.requester_pays == 1050
    assert f.children == {}  # the fixture's activity names no child
    other_month = figures([own.centre], *month_period(dt.date(2025, 7, 1)))
    assert other_month.activity_total == 0


def test_cancelled_activities_are_counted_apart_and_safety_expiry_at_the_period_end(centres):
    own = centres.own
    Activity.objects.filter(pk=own.activity.pk).update(cancelled_without_notice=True)
    TrainingRecord.objects.filter(member=own.helper, kind__in=["rescue", "accident"]).update(
        taken_on=dt.date(2020, 6, 1)
    )
    f = figures([own.centre], *fiscal_period(2025))
    assert f.activity_total == 0 and f.cancelled == 1
    assert f.expired == 1


def test_the_report_page_pdf_and_xlsx(client, centres):
    client.force_login(centres.world.users.officer_a)
    url = reverse("famisapo:report", args=[centres.own.centre.public_id, "2025-06"])
    page = client.get(url)
    assert page.status_code == 200
    assert "令和7年6月" in page.content.decode()
    pdf = client.get(url, {"format": "pdf"})
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "月報" in text and "保育施設等の送迎" in text
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url.replace("2025-06", "2025-13")).status_code == 404


def test_render_report_famisapo_monthly(centres, tmp_path):
    output = tmp_path / "m.pdf"
    call_command(
        "render_report",
        "famisapo-monthly",
        "--municipality",
        "112011",
        "--month",
        "2025-06",
        "--output",
        str(output),
    )
    text = PdfReader(output).pages[0].extract_text()
    assert "川越市" in text and "令和7年6月" in text
    with pytest.raises(CommandError, match="--month"):
        call_command(
            "render_report", "famisapo-monthly", "--municipality", "112011", "--output", str(output)
        )
    with pytest.raises(CommandError, match="センターが登録されていません"):
        call_command(
            "render_report",
            "famisapo-yearly",
            "--municipality",
            "131016",
            "--fiscal-year",
            "2025",
            "--output",
            str(output),
        )


def test_the_officer_adds_a_dated_fee_schedule_and_bad_json_is_refused(client, centres):
    from famisapo.models import FeeScheduleRow

    client.force_login(centres.world.users.officer_a)
    url = reverse("famisapo:settings", args=[centres.own.centre.public_id])
    bad = client.post(
        url,
        {
            "form": "fees",
            "fees-valid_from": "2026-04-01",
            "fees-data": '{"bands": [{"days": "平日", "from": "25:00", "to": "19:00", "yen_per_hour": 700}]}',
        },
    )
    assert "「25:00」は時刻として読めません" in bad.content.decode()
    assert not FeeScheduleRow.objects.exists()
    data = '{"name": "令和8年度", "bands": [{"days": "毎日", "from": "00:00", "to": "24:00", "yen_per_hour": 600}]}'
    good = client.post(url, {"form": "fees", "fees-valid_from": "2026-04-01", "fees-data": data})
    assert good.status_code == 302
    row = FeeScheduleRow.objects.get()
    assert row.schedule().bands[0].yen_per_hour == 600
    again = client.post(url, {"form": "fees", "fees-valid_from": "2026-04-01", "fees-data": data})
    assert "同じ適用開始日の行が既にあります" in again.content.decode()
    assert FeeScheduleRow.objects.count() == 1


def test_a_hub_where_a_centre_records_activities_counts_as_multi_functional(centres):
    """Centre A1 sits at hub A1 and recorded an activity in 2025年6月 (FY2025), with no
    ファミサポ service row: the prefecture's 多機能化 still counts the hub."""
    from orgs.models import Municipality
    from reports.dashboard import build_dashboard

    world = centres.world
    board = build_dashboard(
        world.pref_p, Municipality.objects.filter(prefecture=world.pref_p), 2025
    )
    lines = {line["row"].municipality.code: line for line in board.city_lines()}
    assert (lines["112011"]["hubs"], lines["112011"]["multi"]) == (2, 1)
    assert lines["112020"]["multi"] == 0  # centre B sits at no hub
    years = {label: multi for label, _, multi, _, _ in board.year_rows()}
    assert years["令和6年度"] == 0


def test_the_usage_summary_and_the_annual_report_carry_the_centres_year(client, centres):
    """City A has centres A1 (at hub A1) and A2: one activity and two members in each."""
    from hubs.models import Hub
    from reports.annual import build_snapshot
    from reports.usage_summary import scope_summary

    world = centres.world
    Activity.objects.filter(centre=centres.sibling.centre).update(kind="病児・病後児")
    city = scope_summary(world.city_a, hubs=Hub.objects.all(), fiscal_year=2025).famisapo
    assert (city.centres, city.figures.registered_total, city.figures.activity_total) == (2, 4, 2)
    assert city.figures.strengthened == 1
    hub = scope_summary(world.hub_a1, hubs=Hub.objects.all(), fiscal_year=2025).famisapo
    assert (hub.centres, hub.figures.activity_total) == (1, 1)
    assert scope_summary(world.hub_a2, hubs=Hub.objects.all(), fiscal_year=2025).famisapo is None

    items = {i["key"]: i for i in build_snapshot(world.city_a, 2025)["total"]["items"]}
    assert items["total:famisapo:members"]["value"] == 4
    assert items["total:famisapo:activities"]["value"] == 2
    assert items["total:famisapo:strengthened"]["kind"] == "small"

    client.force_login(world.users.officer_a)
    page = client.get(reverse("reports:usage_summary_municipality", args=[world.city_a.code, 2025]))
    assert "ファミリー・サポート・センター" in page.content.decode()
