"""The annual report, the prefecture's review and the data lock behind an approval."""

import datetime as dt
import io

import pytest

from accounts.models import AuditEvent
from common.locks import YearLocked
from common.services import Actor
from hubs import services
from hubs.models import ClosurePeriod, DailyUsage, OpeningSchedule
from reports import review
from reports.annual import build_snapshot, diff
from reports.models import AnnualReport, HubYearCost, ReviewStep
from tests.factories import AssignmentFactory

FY = 2025
URL = "/reports/annual/112011/2025/"


def _usage(hub, day, groups, user=None):
    return DailyUsage.objects.create(hub=hub, date=day, groups=groups, mothers=groups)


@pytest.fixture
def submitted(world):
    _usage(world.hub_a1, dt.date(2025, 6, 2), 10)
    return review.submit(
        municipality=world.city_a,
        fiscal_year=FY,
        actor=Actor(world.users.officer_a),
        contact={"department": "子育て支援課", "person": "川越 花子", "phone": "049-000-0000"},
    )


def _approve(world):
    report = AnnualReport.objects.get(municipality=world.city_a, fiscal_year=FY)
    return review.approve(report=report, actor=Actor(world.users.pref_p))


# The snapshot ------------------------------------------------------------------------------


def test_snapshot_has_every_hub_its_usage_verdicts_and_the_city_total(world):
    _usage(world.hub_a1, dt.date(2025, 6, 2), 10)
    _usage(world.hub_a2, dt.date(2025, 6, 3), 4)
    snapshot = build_snapshot(world.city_a, FY)
    titles = [h["title"] for h in snapshot["hubs"]]
    assert titles == ["ひろばA1", "ひろばA2"]
    total = {i["key"]: i["value"] for i in snapshot["total"]["items"]}
    assert total["total:hubs"] == 2
    assert total["total:adults"] == 14  # mothers 10 + 4
    a1 = {i["key"].split(":", 2)[2]: i for i in snapshot["hubs"][0]["items"]}
    assert a1["adults"]["value"] == 10
    assert a1["tier"]["value"] == "週5日型"
    assert a1["rule:KY-OPEN"]["value"] == "ok"  # stored as the verdict's code, printed 適合
    # No reasons: they name staff members, and the prefecture reads this.
    assert all("reason" not in i for h in snapshot["hubs"] for i in h["items"])
    # Prices are unconfirmed: amounts are 要確認, and unknown totals are not 0円.
    assert total["total:amount:state"].startswith("要確認")
    assert total["total:amount:selected"] is None


def test_diff_reports_changed_added_and_removed_values():
    before = {
        "total": {"title": "市町村計", "items": [{"key": "a", "label": "A", "value": 1}]},
        "hubs": [{"title": "H", "items": [{"key": "h:x", "label": "X", "value": "適合"}]}],
        "months": [],
    }
    after = {
        "total": {"title": "市町村計", "items": [{"key": "a", "label": "A", "value": 2}]},
        "hubs": [{"title": "H2", "items": [{"key": "h2:x", "label": "X", "value": None}]}],
        "months": [],
    }
    changes = {c.key: (c.kind, c.before, c.after) for c in diff(before, after)}
    assert changes == {
        "a": ("変更", 1, 2),
        "h2:x": ("追加", None, None),
        "h:x": ("削除", "適合", None),
    }
    assert diff(before, before) == []


# Transitions ---------------------------------------------------------------------------------


def test_every_transition_writes_a_step_and_an_audit_event(world, submitted):
    report = submitted.report
    review.add_comment(
        report=report,
        item_key="total:adults",
        text="多すぎませんか",
        actor=Actor(world.users.pref_p),
    )
    review.return_report(report=report, reason="利用者数の確認", actor=Actor(world.users.pref_p))
    second = review.submit(
        municipality=world.city_a, fiscal_year=FY, actor=Actor(world.users.officer_a)
    )
    assert second.number == 2
    _approve(world)
    review.unlock(report=report, reason="誤りが見つかった", actor=Actor(world.users.pref_p))
    steps = list(ReviewStep.objects.values_list("action", "reason"))
    assert steps == [
        ("submit", ""),
        ("return", "利用者数の確認"),
        ("submit", ""),
        ("approve", ""),
        ("unlock", "誤りが見つかった"),
    ]
    audited = list(
        AuditEvent.objects.filter(action="review").order_by("pk").values_list("detail__step")
    )
    assert [a[0] for a in audited] == ["submit", "return", "submit", "approve", "unlock"]
    assert AuditEvent.objects.filter(action="review", municipality_code="112011").count() == 5
    report.refresh_from_db()
    assert report.status == "returned"


def test_transitions_from_the_wrong_state_are_refused_and_change_nothing(world, submitted):
    report = submitted.report
    with pytest.raises(review.ReviewError, match="審査中"):
        review.submit(municipality=world.city_a, fiscal_year=FY, actor=Actor(world.users.officer_a))
    with pytest.raises(review.ReviewError, match="理由を入力"):
        review.return_report(report=report, reason="  ", actor=Actor(world.users.pref_p))
    with pytest.raises(review.ReviewError, match="承認済みの年次報告ではありません"):
        review.unlock(report=report, reason="x", actor=Actor(world.users.pref_p))
    with pytest.raises(review.ReviewError, match="項目"):
        review.add_comment(
            report=report, item_key="nope", text="x", actor=Actor(world.users.pref_p)
        )
    _approve(world)
    with pytest.raises(review.ReviewError, match="承認済み"):
        review.submit(municipality=world.city_a, fiscal_year=FY, actor=Actor(world.users.officer_a))
    with pytest.raises(review.ReviewError, match="審査中"):
        review.approve(report=report, actor=Actor(world.users.pref_p))
    with pytest.raises(review.ReviewError, match="審査中"):
        review.add_comment(
            report=report, item_key="total:hubs", text="x", actor=Actor(world.users.pref_p)
        )
    assert ReviewStep.objects.count() == 2  # submit, approve
    assert report.submissions.count() == 1


def test_a_future_year_cannot_be_submitted(world):
    with pytest.raises(review.ReviewError, match="年度が始まる前"):
        review.submit(
            municipality=world.city_a, fiscal_year=2099, actor=Actor(world.users.officer_a)
        )


# The lock ------------------------------------------------------------------------------------


def test_approval_locks_usage_of_that_year_only(world, submitted):
    _approve(world)
    result = services.daily_usage_set_cell(
        hub=world.hub_a1,
        day=dt.date(2025, 6, 3),
        field="groups",
        raw="5",
        actor=Actor(world.users.staff_a),
    )
    assert not result.saved
    assert "承認済み" in result.error and "都道府県の担当者" in result.error
    assert not DailyUsage.objects.filter(date=dt.date(2025, 6, 3)).exists()
    # The next 年度 and another municipality stay open.
    assert services.daily_usage_set_cell(
        hub=world.hub_a1,
        day=dt.date(2026, 4, 1),
        field="groups",
        raw="5",
        actor=Actor(world.users.staff_a),
    ).saved
    assert services.daily_usage_set_cell(
        hub=world.hub_b1,
        day=dt.date(2025, 6, 3),
        field="groups",
        raw="5",
        actor=Actor(world.users.staff_b),
    ).saved
    # Deleting is refused too, whatever path it takes.
    with pytest.raises(YearLocked):
        DailyUsage.objects.filter(hub=world.hub_a1).delete()


def test_approval_locks_schedules_staffing_and_costs(world, submitted):
    assignment = AssignmentFactory(hub=world.hub_a1, started_on=dt.date(2023, 4, 1))
    _approve(world)
    with pytest.raises(YearLocked):
        services.schedule_create(
            hub=world.hub_a1,
            valid_from=dt.date(2025, 10, 1),
            ranges={0: [(dt.time(9), dt.time(15))]},
            holidays_open=False,
            actor=Actor(world.users.officer_a),
        )
    with pytest.raises(YearLocked):
        ClosurePeriod.objects.create(
            hub=world.hub_a1, starts_on=dt.date(2026, 3, 30), ends_on=dt.date(2026, 4, 2)
        )
    with pytest.raises(YearLocked):
        HubYearCost.objects.create(
            hub=world.hub_a1, programme="kyoten", fiscal_year=FY, eligible_cost=1, total_cost=1
        )
    # Moving an assignment's start inside the locked year is refused …
    assignment.started_on = dt.date(2025, 5, 1)
    with pytest.raises(YearLocked):
        assignment.save()
    # … but ending it in a later 年度 changes only that later year.
    assignment.refresh_from_db()
    assignment.ended_on = dt.date(2026, 9, 30)
    assignment.save()
    # A new schedule from the next 年度 on is fine.
    services.schedule_create(
        hub=world.hub_a1,
        valid_from=dt.date(2026, 4, 1),
        ranges={0: [(dt.time(9), dt.time(15))]},
        holidays_open=False,
        actor=Actor(world.users.officer_a),
    )
    assert OpeningSchedule.objects.filter(valid_from=dt.date(2026, 4, 1)).exists()


def test_unlock_opens_the_data_again(client, world, submitted):
    report = _approve(world)
    review.unlock(
        report=report, reason="6月の入力誤りの修正のため", actor=Actor(world.users.pref_p)
    )
    client.force_login(world.users.officer_a)
    page = client.get(URL).content.decode()
    assert "承認の取消し（ロック解除）の理由" in page and "6月の入力誤りの修正のため" in page
    assert "修正して再提出する" in page
    assert services.daily_usage_set_cell(
        hub=world.hub_a1,
        day=dt.date(2025, 6, 3),
        field="groups",
        raw="5",
        actor=Actor(world.users.staff_a),
    ).saved


def test_import_into_a_locked_year_is_refused_with_the_row(world, submitted):
    from common.importing import read_upload, run_import
    from hubs.resources import DailyUsageResource

    _approve(world)
    data = "拠点名,日付,親子組数\nひろばA1,2025/6/4,3\n".encode()
    outcome = run_import(
        DailyUsageResource(world.city_a),
        read_upload(data, DailyUsageResource.required_columns),
        dry_run=False,
    )
    assert [e.line for e in outcome.errors] == [2]
    assert "承認済み" in outcome.errors[0].message
    assert not DailyUsage.objects.filter(date=dt.date(2025, 6, 4)).exists()


def test_a_locked_write_through_a_screen_says_why(client, world, submitted):
    _approve(world)
    client.force_login(world.users.staff_a)
    response = client.post(
        f"/hubs/{world.hub_a1.public_id}/events/add/",
        {"date": "2025-07-01", "kind": "koshu", "title": "講習", "adults": 3, "children": 2},
    )
    assert response.status_code == 409
    assert "承認の取消し" in response.content.decode()
    page = client.get(f"/hubs/{world.hub_a1.public_id}/usage/2025/6/").content.decode()
    assert "承認済み" in page and "hx-post" not in page


# Pages and files ----------------------------------------------------------------------------


OK = {"confirmed": "yes"}  # what the confirmation page sends


def test_the_review_round_trip_through_the_pages(client, world):
    _usage(world.hub_a1, dt.date(2025, 6, 2), 10)
    client.force_login(world.users.officer_a)
    assert client.post(URL + "submit", {"person": "川越 花子"}).status_code == 200  # confirm first
    assert not AnnualReport.objects.exists()
    assert client.post(URL + "submit", {"person": "川越 花子", **OK}).status_code == 302
    client.force_login(world.users.pref_p)
    page = client.get(URL).content.decode()
    assert "承認する" in page and "差し戻す" in page
    client.post(URL + "comment", {"item": "total:adults", "text": "前年より多い理由は？"})
    client.post(URL + "return", {"reason": "利用者数を確認してください", **OK})

    client.force_login(world.users.officer_a)
    page = client.get(URL).content.decode()
    assert "前年より多い理由は？" in page and "利用者数を確認してください" in page
    # The fix shows as a change before it is sent …
    DailyUsage.objects.filter(hub=world.hub_a1).update(mothers=7)
    page = client.get(URL).content.decode()
    assert "提出した内容からの変更" in page
    client.post(URL + "submit", {"person": "川越 花子", **OK})
    # … and after it, as the difference between the two submissions, value by value.
    client.force_login(world.users.pref_p)
    response = client.get(URL)
    changes = {(c.key, c.before, c.after) for c in response.context["changes"]}
    assert ("total:adults", 10, 7) in changes
    assert "前回の提出からの変更" in response.content.decode()
    client.post(URL + "approve", OK)
    assert AnnualReport.objects.get().status == "approved"


def test_prefecture_sees_small_consultation_counts_hidden(client, world):
    from consultations.models import Consultation

    for day in (2, 3):
        Consultation.objects.create(
            hub=world.hub_a1,
            service="hiroba",
            channel="visit",
            held_at=dt.datetime(2025, 6, day, 1, tzinfo=dt.UTC),
        )
    client.force_login(world.users.pref_p)
    response = client.get(URL)
    row = next(r for r in response.context["total_rows"] if r["key"] == "total:consultations")
    assert row["value"] == "–"
    client.force_login(world.users.officer_a)
    response = client.get(URL)
    row = next(r for r in response.context["total_rows"] if r["key"] == "total:consultations")
    assert row["value"] == "2"


def test_the_city_total_minus_the_other_hub_does_not_give_a_small_count_away(client, world):
    from consultations.models import Consultation

    def consult(hub, n):
        for i in range(n):
            Consultation.objects.create(
                hub=hub,
                service="hiroba",
                channel="visit",
                held_at=dt.datetime(2025, 6, 2 + i % 20, 1, tzinfo=dt.UTC),
            )

    consult(world.hub_a1, 2)
    consult(world.hub_a2, 30)
    client.force_login(world.users.pref_p)
    response = client.get(URL)
    total = next(r for r in response.context["total_rows"] if r["key"] == "total:consultations")
    shown = {
        s["title"]: next(r["value"] for r in rows if r["key"].endswith(":consultations"))
        for s, rows in response.context["hub_sections"]
    }
    # 32 − 30 would be A1's 2: so A2's 30 is hidden beside it, and the total stays.
    assert shown == {"ひろばA1": "–", "ひろばA2": "–"}
    assert total["value"] == "32"
    # The same in the prefecture's spreadsheet.
    sheet = client.get(URL + "xlsx/")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(sheet.content)).worksheets[0].values)
    column = list(rows[0]).index("相談件数")
    assert sorted(str(r[column]) for r in rows[1:] if r[0] != "市町村計") == ["–", "–"]
    # The municipality itself sees every count.
    client.force_login(world.users.officer_a)
    response = client.get(URL)
    values = [
        r["value"]
        for _, rows in response.context["hub_sections"]
        for r in rows
        if r["key"].endswith(":consultations")
    ]
    assert sorted(values) == ["2", "30"]


def test_annual_pdf_is_a_form_with_the_contact_and_font(client, world, submitted):
    from pypdf import PdfReader

    client.force_login(world.users.pref_p)
    response = client.get(URL + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages)
    text = text.replace(" ", "").replace("\u3000", "").replace("\n", "")
    for expected in ("埼玉県知事様", "川越市長", "令和7年度", "実績報告書", "川越花子", "ひろばA1"):
        assert expected in text, expected
    assert "/" in text and "ページ" in text  # page numbers
    fonts = {
        str(f["/BaseFont"])
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert any("IPAexGothic" in f for f in fonts)
    assert AuditEvent.objects.filter(action="export", detail__report="annual").count() == 1


def test_annual_xlsx_has_a_line_per_hub(client, world, submitted):
    import openpyxl

    client.force_login(world.users.officer_a)
    response = client.get(URL + "xlsx/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["市町村計・拠点別", "全項目"]
    rows = list(book["市町村計・拠点別"].values)
    assert [r[0] for r in rows] == ["区分", "市町村計", "ひろばA1", "ひろばA2"]
    assert rows[2][2] == 10  # 利用者数（大人・延べ） of A1, as a number


def test_submit_form_normalises_the_contact(world):
    from reports.forms import SubmitForm

    form = SubmitForm({"department": "子育て　支援課", "person": "ｶﾜｺﾞｴ", "phone": "０４９"})
    assert form.is_valid()
    assert form.cleaned_data == {
        "department": "子育て 支援課",
        "person": "カワゴエ",
        "phone": "049",
    }


# Costs entered by the officer ---------------------------------------------------------------


def test_officer_enters_costs_on_the_eligibility_page(client, world):
    url = f"/reports/hubs/{world.hub_a1.public_id}/eligibility/{FY}/"
    client.force_login(world.users.officer_a)
    page = client.get(url).content.decode()
    assert "この年度の経費" in page
    data = {"programme": "kyoten", "eligible_cost": "四百万", "total_cost": "4,500,000円"}
    response = client.post(url + "costs", data)
    assert response.status_code == 400  # kanji numerals are not read: said, nothing saved
    assert "整数" in response.content.decode()
    assert not HubYearCost.objects.exists()
    data |= {"eligible_cost": "４，０００，０００", "other_income": "600000"}  # as typed on an IME
    assert client.post(url + "costs", data).status_code == 302
    cost = HubYearCost.objects.get()
    assert (cost.eligible_cost, cost.total_cost, cost.other_income) == (4000000, 4500000, 600000)
    assert AuditEvent.objects.filter(object_type="reports.HubYearCost", action="create").exists()
    response = client.post(url + "costs", data | {"other_income": "5000000"})
    assert "総事業費を超えています" in response.content.decode()
    # The printed sheet shows the costs the 選定額 is taken from, as the page does.
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(client.get(url + "pdf/").content))
    text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "")
    assert "総事業費" in text and "4,500,000円" in text
    # Hub staff see the sheet but not the form.
    client.force_login(world.users.staff_a)
    assert "この年度の経費" not in client.get(url).content.decode()


def test_costs_of_a_locked_year_are_refused_with_the_reason(client, world, submitted):
    _approve(world)
    client.force_login(world.users.officer_a)
    url = f"/reports/hubs/{world.hub_a1.public_id}/eligibility/{FY}/costs"
    response = client.post(
        url, {"programme": "kyoten", "eligible_cost": "1", "total_cost": "1"}, follow=True
    )
    assert "承認済み" in response.content.decode()
    assert not HubYearCost.objects.exists()


def test_approval_asks_first_what_will_happen_and_acts_only_when_confirmed(
    client, world, submitted
):
    from django.urls import reverse

    client.force_login(world.users.pref_p)
    url = reverse("reports:annual_approve", args=[world.city_a.code, FY])
    page = client.post(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "承認しますか" in body and "ロックされ" in body and "承認する（確定）" in body
    assert AnnualReport.objects.get().status == "submitted"  # nothing yet
    response = client.post(url, {"confirmed": "yes"})
    assert response.status_code == 302
    assert AnnualReport.objects.get().status == "approved"

    unlock = reverse("reports:annual_unlock", args=[world.city_a.code, FY])
    assert client.post(unlock, {"reason": " "}).status_code == 302  # no reason: refused at once
    assert AnnualReport.objects.get().status == "approved"
    page = client.post(unlock, {"reason": "数字の誤り"}).content.decode()
    assert "承認を取り消しますか" in page and "数字の誤り" in page


def test_a_year_not_yet_over_cannot_be_submitted_and_the_page_says_so(client, world):
    from common.japanese import fiscal_year_of

    this_year = fiscal_year_of(dt.date.today())
    with pytest.raises(review.ReviewError, match="まだ終わっていません"):
        review.submit(
            municipality=world.city_a, fiscal_year=this_year, actor=Actor(world.users.officer_a)
        )
    client.force_login(world.users.officer_a)
    page = client.get(f"/reports/annual/{world.city_a.code}/{this_year}/").content.decode()
    assert "この年度はまだ終わっていません" in page and "提出する</button>" not in page


def test_the_prefecture_reads_texts_written_for_it(client, world, submitted):
    review.return_report(report=submitted.report, reason="確認", actor=Actor(world.users.pref_p))
    client.force_login(world.users.pref_p)
    page = client.get(URL).content.decode()
    assert "この時点の値が都道府県に送られます" not in page and "再提出すると送られます" not in page
    assert "差し戻し中で、市町村が直しています" in page
    client.force_login(world.users.officer_a)
    page = client.get(URL).content.decode()
    assert "提出すると、この時点の値が都道府県に送られます" in page
    review.submit(municipality=world.city_a, fiscal_year=FY, actor=Actor(world.users.officer_a))
    _approve(world)
    client.force_login(world.users.pref_p)
    page = client.get(URL).content.decode()
    assert "都道府県の担当者に承認の取消しを依頼" not in page
    assert "「承認を取り消す」から理由を記録" in page
