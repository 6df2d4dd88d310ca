"""The annual usage summary: totals that match the database, a real PDF, constant query counts."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from hubs.models import DailyUsage, Event, Hub, TemporaryCareDay
from reports.usage_summary import build_usage_summary
from tests.conftest import WEEKDAYS_9_TO_15
from tests.factories import HubFactory, add_schedule


def _fill(hub, days=40, start=dt.date(2025, 4, 1), base=10):
    DailyUsage.objects.bulk_create(
        DailyUsage(
            hub=hub,
            date=start + dt.timedelta(days=n),
            groups=base + n % 7,
            mothers=base,
            children_1=base + 1,
            first_time=n % 3,
        )
        for n in range(days)
    )


def test_totals_and_averages_match_the_database(world):
    _fill(world.hub_a1)
    _fill(world.hub_a2, base=20)
    _fill(world.hub_b1, base=99)  # another municipality: not in A's summary
    DailyUsage.objects.create(
        hub=world.hub_a1, date=dt.date(2025, 3, 31), groups=500
    )  # previous 年度
    Event.objects.create(
        hub=world.hub_a1,
        date=dt.date(2025, 4, 20),
        title="離乳食講習",
        kind="koshu",
        adults=8,
        children=9,
    )
    TemporaryCareDay.objects.create(
        hub=world.hub_a2, date=dt.date(2025, 5, 1), age_1=2, reason_work=2
    )
    summary = build_usage_summary(
        hubs=Hub.objects.filter(municipality=world.city_a),
        fiscal_year=2025,
        scope_kind="municipality",
        scope_label="川越市",
    )
    expected = DailyUsage.objects.filter(
        hub__municipality=world.city_a, date__range=("2025-04-01", "2026-03-31")
    ).aggregate(groups=Sum("groups"), mothers=Sum("mothers"), c1=Sum("children_1"))
    assert summary.total.counts["groups"] == expected["groups"]
    assert summary.total.adults == expected["mothers"]
    assert summary.total.children == expected["c1"]
    assert (summary.total.events, summary.total.koshu, summary.total.event_participants) == (
        1,
        1,
        17,
    )
    assert summary.total.temporary_care_children == 2
    april = dict(summary.months)[(2025, 4)]
    assert (
        april.opening_days == 2 * 21
    )  # two hubs, 21 weekdays open in April 2025 (4/29 is a holiday)
    assert april.groups_per_day == round(april.counts["groups"] / april.opening_days, 1)
    assert [row.label for row in summary.breakdown] == ["ひろばA1", "ひろばA2"]
    assert (
        sum(r.figures.counts["groups"] for r in summary.breakdown) == summary.total.counts["groups"]
    )


def test_prefecture_summary_groups_by_municipality(world):
    _fill(world.hub_a1)
    _fill(world.hub_b1)
    _fill(world.hub_c1)  # another prefecture
    summary = build_usage_summary(
        hubs=Hub.objects.filter(municipality__prefecture=world.pref_p),
        fiscal_year=2025,
        scope_kind="prefecture",
        scope_label="埼玉県",
    )
    assert [(r.label, r.hub_count) for r in summary.breakdown] == [("川越市", 2), ("熊谷市", 1)]
    assert (
        summary.total.counts["groups"]
        == DailyUsage.objects.filter(hub__municipality__prefecture=world.pref_p).aggregate(
            s=Sum("groups")
        )["s"]
    )


def test_pdf_has_japanese_text_embedded_font_and_database_totals(client, world):
    _fill(world.hub_a1)
    client.force_login(world.users.officer_a)
    response = client.get(
        reverse("reports:usage_summary_municipality_file", args=[world.city_a.code, 2025, "pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "利用実績集計表" in text and "令和7年度" in text and "川越市" in text
    assert "作成日 令和" in text
    # Figures are not broken over two lines in their cells.
    lines = text.splitlines()
    assert any(line.startswith("年度計") for line in lines), lines
    assert any("0回 0人" in line for line in lines)
    total = DailyUsage.objects.filter(hub__municipality=world.city_a).aggregate(s=Sum("groups"))[
        "s"
    ]
    assert str(total) in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            if (
                "/FontFile2" in descendant["/FontDescriptor"]
                or "/FontFile3" in descendant["/FontDescriptor"]
            ):
                fonts.add(str(font["/BaseFont"]))
    assert any("IPAexGothic" in f or "NotoSansCJK" in f for f in fonts), fonts


def test_pdf_never_loads_files_outside_static(settings, tmp_path):
    from common.pdf import BundledFilesOnly

    fetcher = BundledFilesOnly()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/logo.png")
    response = fetcher.fetch((settings.BASE_DIR / "static" / "kyoten" / "pdf.css").as_uri())
    assert b"@page" in response.read()
    response.close()


def test_markup_in_a_name_cannot_pull_local_files_into_the_pdf(world):
    from reports.usage_summary import usage_summary_pdf

    world.hub_a1.name = '<img src="file:///etc/passwd">ひろば'
    world.hub_a1.save()
    summary = build_usage_summary(
        hubs=Hub.objects.filter(municipality=world.city_a),
        fiscal_year=2025,
        scope_kind="municipality",
        scope_label="x",
    )
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(usage_summary_pdf(summary))).pages
    )
    assert "root:" not in text
    assert '<img src="file:///etc/passwd">' in text  # shown as text, never loaded


def test_csv_and_xlsx_downloads_hold_the_same_totals(client, world):
    import openpyxl

    _fill(world.hub_a1)
    client.force_login(world.users.staff_a)
    base = reverse("reports:usage_summary_hub", args=[world.hub_a1.public_id, 2025])
    csv_text = client.get(base + "csv/").content.decode("utf-8-sig")
    total_line = next(line for line in csv_text.splitlines() if line.startswith("年度計"))
    groups = DailyUsage.objects.filter(hub=world.hub_a1).aggregate(s=Sum("groups"))["s"]
    assert total_line.split(",")[2] == str(groups)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(base + "xlsx/").content)).active
    totals_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "年度計")
    assert totals_row[2] == groups


def test_render_report_command_writes_the_pdf(world, tmp_path):
    from django.core.management import call_command

    _fill(world.hub_a1)
    out = tmp_path / "summary.pdf"
    call_command(
        "render_report",
        "usage-summary",
        "--fiscal-year",
        "2025",
        "--hub",
        str(world.hub_a1.public_id),
        "--output",
        str(out),
    )
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "ひろばA1" in text
    assert not (tmp_path / "summary.pdf.partial").exists()


def test_unknown_format_is_404(client, world):
    client.force_login(world.users.staff_a)
    url = reverse("reports:usage_summary_hub_file", args=[world.hub_a1.public_id, 2025, "docx"])
    assert client.get(url).status_code == 404


def _queries(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def _more_hubs(city, n):
    for _ in range(n):
        hub = HubFactory(municipality=city)
        add_schedule(hub, dt.date(2015, 4, 1), WEEKDAYS_9_TO_15)
        _fill(hub, days=5)


def test_summary_builder_queries_do_not_grow_with_hubs(world):
    def build():
        build_usage_summary(
            hubs=Hub.objects.filter(municipality=world.city_a),
            fiscal_year=2025,
            scope_kind="municipality",
            scope_label="x",
        )

    _more_hubs(world.city_a, 2)
    small = _queries(build)
    _more_hubs(world.city_a, 18)
    # hubs, usage, events, outreach, temporary care, consultations, then schedules+hours,
    # closures, extra days.
    assert _queries(build) == small == 10


def test_list_pages_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.users.pref_p)
    pages = [
        reverse("hubs:list"),
        reverse("portal:municipality", args=[world.city_a.code]),
        reverse("portal:prefecture", args=[world.pref_p.code]),
        reverse("reports:usage_summary_municipality", args=[world.city_a.code, 2025]),
    ]
    _more_hubs(world.city_a, 2)
    small = {url: _queries(lambda url=url: client.get(url)) for url in pages}
    _more_hubs(world.city_a, 18)
    large = {url: _queries(lambda url=url: client.get(url)) for url in pages}
    assert small == large


def test_summary_counts_named_and_anonymous_consultations_per_opening_day(world):
    import datetime as dt

    from django.utils import timezone

    from consultations.models import Consultation
    from tests.factories import make_family

    family = make_family(world.hub_a1)
    for day, household in ((2, family), (3, None), (4, None)):
        Consultation.objects.create(
            hub=world.hub_a1,
            household=household,
            service="hiroba",
            channel="visit",
            held_at=timezone.make_aware(dt.datetime(2025, 6, day, 10)),
        )
    # Late on 31 March (JST) belongs to the previous 年度, however it is stored (UTC).
    Consultation.objects.create(
        hub=world.hub_a1,
        service="hiroba",
        channel="phone",
        held_at=timezone.make_aware(dt.datetime(2025, 3, 31, 23, 30)),
    )
    summary = build_usage_summary(
        hubs=Hub.objects.filter(pk=world.hub_a1.pk),
        fiscal_year=2025,
        scope_kind="hub",
        scope_label="x",
    )
    june = dict(summary.months)[(2025, 6)]
    assert june.consultations == 3
    assert summary.total.consultations == 3
    assert june.consultations_per_day == round(3 / june.opening_days, 1)
    header, *rows = summary.table_rows()
    assert header[-2:] == ["相談件数", "1日平均相談件数"]
    assert rows[2][-2] == 3  # June is the third month of the 年度


def test_large_counts_carry_thousand_separators_on_the_page_and_in_the_pdf(client, world):
    DailyUsage.objects.create(hub=world.hub_a1, date=dt.date(2025, 4, 1), groups=38420)
    client.force_login(world.users.officer_a)
    page = client.get(
        reverse("reports:usage_summary_municipality", args=[world.city_a.code, 2025])
    ).content.decode()
    assert "38,420" in page and ">38420<" not in page
    pdf = client.get(
        reverse("reports:usage_summary_municipality_file", args=[world.city_a.code, 2025, "pdf"])
    ).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "38,420" in text and "38420" not in text  # the months, the total and the hub rows


def test_a_year_in_progress_averages_over_the_opening_days_so_far(world):
    """Mid-December: the divisor is April–10 December's opening days, not the whole year's."""
    from hubs.opening import calendar_for_hub

    hub = world.hub_a1
    cal = calendar_for_hub(hub)
    today = dt.date(2025, 12, 10)
    so_far = sum(cal.open_days_by_month(dt.date(2025, 4, 1), today).values())
    whole_year = sum(cal.open_days_by_month(dt.date(2025, 4, 1), dt.date(2026, 3, 31)).values())
    assert so_far < whole_year
    DailyUsage.objects.create(hub=hub, date=dt.date(2025, 6, 2), groups=so_far * 3)

    summary = build_usage_summary(
        hubs=Hub.objects.filter(pk=hub.pk),
        fiscal_year=2025,
        scope_kind="hub",
        scope_label="",
        today=today,
    )
    assert summary.total.opening_days == so_far
    assert summary.total.groups_per_day == 3.0
    assert summary.counted_until == today
    assert summary.future_months == {(2026, 1), (2026, 2), (2026, 3)}
    # Once the year is over, the whole year counts and nothing is "so far".
    after = build_usage_summary(
        hubs=Hub.objects.filter(pk=hub.pk),
        fiscal_year=2025,
        scope_kind="hub",
        scope_label="",
        today=dt.date(2026, 5, 1),
    )
    assert after.total.opening_days == whole_year and after.counted_until is None
    assert after.future_months == set()


def test_the_summary_page_switches_year_and_says_when_it_is_in_progress(client, world):
    from django.utils import timezone

    from common.japanese import fiscal_year_label, fiscal_year_of

    current = fiscal_year_of(timezone.localdate())
    client.force_login(world.users.officer_a)
    url = reverse("reports:usage_summary_municipality", args=[world.city_a.code, current])
    page = client.get(url).content.decode()
    assert "年度の途中です" in page
    assert f'/{current - 1}/">← {fiscal_year_label(current - 1)}' in page
    assert f"{fiscal_year_label(current + 1)} →" not in page  # no future 年度
    page = client.get(url.replace(f"/{current}/", f"/{current - 2}/")).content.decode()
    assert "年度の途中です" not in page
    assert f"{fiscal_year_label(current - 1)} →" in page
