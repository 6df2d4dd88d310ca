"""Imports are all-or-nothing with row/column messages; re-importing changes nothing."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from common.importing import ERR_ENCODING, ERR_XLS, ImportFileError, read_upload, run_import
from hubs.models import DailyUsage, Hub, StaffMember
from hubs.resources import DailyUsageResource, HubResource, StaffResource
from tests.factories import verify

USAGE_HEADER = "拠点名,日付,親子組数,母,父,0歳,1歳,備考\n"


def _usage_csv(rows):
    return (USAGE_HEADER + "".join(r + "\n" for r in rows)).encode("cp932")


def _import(resource, data, dry_run=False):
    return run_import(resource, read_upload(data), dry_run=dry_run)


def test_shift_jis_csv_with_wareki_dates_and_full_width_digits(world):
    data = _usage_csv(
        [
            "ひろばA1,R7.4.1,１２,１０,２,５,６,",
            "ひろばA1,令和7年4月2日,8,7,1,3,4,",
            "ひろばA1,2025/4/3,9,8,1,4,4,",
            "ﾋﾛﾊﾞ A1,2025-04-04,3,3,0,1,1,",  # half-width kana is not the hub's name: an error
        ]
    )
    outcome = _import(DailyUsageResource(world.city_a), data)
    assert [(e.line, e.column) for e in outcome.errors] == [(5, "拠点名")]
    assert not DailyUsage.objects.exists()

    data = _usage_csv(["ひろばA1,R7.4.1,１２,１０,２,５,６,", "ひろばA1,令和7年4月2日,8,7,1,3,4,"])
    outcome = _import(DailyUsageResource(world.city_a), data)
    assert outcome.ok and outcome.totals["new"] == 2
    first = DailyUsage.objects.get(date="2025-04-01")
    assert (first.groups, first.mothers, first.children_1) == (12, 10, 6)


def test_utf8_with_bom_and_xlsx_are_read_alike(world):
    text = USAGE_HEADER + "ひろばA1,2025/4/1,12,10,2,5,6,\n"
    assert (
        read_upload(("\ufeff" + text).encode("utf-8")).dict
        == read_upload(text.encode("cp932")).dict
    )
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(text)):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    assert read_upload(out.getvalue()).dict == read_upload(text.encode("utf-8")).dict


def test_unreadable_encoding_and_old_excel_are_refused_clearly():
    with pytest.raises(ImportFileError, match="文字コード") as e:
        read_upload(b"\x82\xa0\xff\xfe\x80\x81,\xfd\n")
    assert str(e.value) == ERR_ENCODING
    with pytest.raises(ImportFileError) as e:
        read_upload(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert str(e.value) == ERR_XLS


def test_one_bad_row_in_the_middle_writes_nothing_and_every_error_is_listed(world):
    rows = [f"ひろばA1,2025/4/{d},10,9,1,4,4," for d in range(1, 21)]
    rows[9] = "ひろばA1,2025/4/10,-1,9,x,4,4,"
    rows[14] = "ひろばB1,2025/4/15,10,9,1,4,4,"  # another municipality's hub
    outcome = _import(DailyUsageResource(world.city_a), _usage_csv(rows))
    assert {(e.line, e.column) for e in outcome.errors} == {
        (11, "親子組数"),
        (11, "父"),
        (16, "拠点名"),
    }
    assert all(e.message for e in outcome.errors)
    assert not DailyUsage.objects.exists()


def test_repeated_keys_and_bad_rows_are_all_reported_together(world):
    outcome = _import(
        DailyUsageResource(world.city_a),
        _usage_csv(
            [
                "ひろばA1,2025/4/1,10,9,1,4,4,",
                "ひろばA1,2025/4/2,-1,9,1,4,4,",
                "ひろばA1,R7.4.1,11,9,1,4,4,",
            ]
        ),
    )
    assert [(e.line, e.column) for e in outcome.errors] == [(3, "親子組数"), (4, "拠点名・日付")]
    assert not DailyUsage.objects.exists()


def test_a_key_repeated_inside_the_file_is_an_error(world):
    outcome = _import(
        DailyUsageResource(world.city_a),
        _usage_csv(["ひろばA1,2025/4/1,10,9,1,4,4,", "ひろばA1,R7.4.1,11,9,1,4,4,"]),
    )
    assert len(outcome.errors) == 1
    assert outcome.errors[0].line == 3 and "重複" in outcome.errors[0].message
    assert not DailyUsage.objects.exists()


def test_impossible_dates_are_refused(world):
    outcome = _import(
        DailyUsageResource(world.city_a), _usage_csv(["ひろばA1,2025/2/30,1,1,0,1,0,"])
    )
    assert outcome.errors[0].column == "日付" and "存在しない日付" in outcome.errors[0].message


def test_reimporting_the_same_file_changes_nothing(world):
    data = _usage_csv([f"ひろばA1,2025/4/{d},10,9,1,4,4," for d in range(1, 11)])
    assert _import(DailyUsageResource(world.city_a), data).totals["new"] == 10
    before = list(DailyUsage.objects.order_by("id").values())
    again = _import(DailyUsageResource(world.city_a), data)
    assert again.totals == {"new": 0, "update": 0, "skip": 10}
    assert list(DailyUsage.objects.order_by("id").values()) == before


def test_hubs_staff_and_qualifications_import(world):
    hubs_csv = (
        "拠点名,よみ,運営主体,実施形態,類型,実施場所,開設日\n"
        f"新しいひろば,あたらしいひろば,{world.hub_a1.operator.name},委託,一般型,民家,平成30年4月1日\n"
    ).encode("cp932")
    assert _import(HubResource(world.city_a), hubs_csv).ok
    hub = Hub.objects.get(name="新しいひろば")
    assert hub.municipality == world.city_a and str(hub.opened_on) == "2018-04-01"

    staff_csv = (
        "職員番号,氏名,ふりがな,資格\nＴ０１,山田　花子,ﾔﾏﾀﾞ ﾊﾅｺ,保育士(2005/3/31)、看護師\n".encode(
            "cp932"
        )
    )
    outcome = _import(StaffResource(world.city_a), staff_csv)
    assert outcome.ok, outcome.errors
    staff = StaffMember.objects.get(staff_number="T01")
    assert staff.name == "山田 花子" and staff.kana == "ヤマダ ハナコ"
    assert sorted(q.kind for q in staff.qualifications.all()) == ["hoikushi", "kangoshi"]
    assert _import(StaffResource(world.city_a), staff_csv).totals == {
        "new": 0,
        "update": 0,
        "skip": 1,
    }

    bad = "職員番号,氏名,ふりがな,資格\nT02,鈴木 一,すずき はじめ,魔法使い\n".encode()
    outcome = _import(StaffResource(world.city_a), bad)
    assert outcome.errors[0].column == "資格" and "魔法使い" in outcome.errors[0].message
    assert not StaffMember.objects.filter(staff_number="T02").exists()


def test_missing_required_column_is_reported(world):
    outcome = _import(DailyUsageResource(world.city_a), "拠点名,親子組数\nひろばA1,3\n".encode())
    assert outcome.errors[0].line == 1 and "日付" in outcome.errors[0].message


def test_officer_uploads_previews_and_confirms(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("hubs:import", args=[world.city_a.code])
    data = _usage_csv(["ひろばA1,2025/4/1,10,9,1,4,4,"])
    upload = io.BytesIO(data)
    upload.name = "4月.csv"
    response = client.post(url, {"kind": "usage", "fiscal_year": "2025", "file": upload})
    assert "新規 1件" in response.content.decode()
    assert not DailyUsage.objects.exists()  # preview only
    response = client.post(reverse("hubs:import_confirm", args=[world.city_a.code]))
    assert response.status_code == 302
    assert DailyUsage.objects.count() == 1
    assert DailyUsage.objects.get().updated_by == world.users.officer_a  # who imported it
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.detail["totals"] == {"new": 1, "update": 0, "skip": 0}
    assert len(event.detail["sha256"]) == 64


def test_officer_sees_every_error_and_nothing_is_written(client, world):
    client.force_login(world.users.officer_a)
    upload = io.BytesIO(
        _usage_csv(["ひろばA1,2025/4/1,-1,9,1,4,4,", "ひろばZ,2025/4/2,1,1,1,1,1,"])
    )
    upload.name = "bad.csv"
    response = client.post(
        reverse("hubs:import", args=[world.city_a.code]),
        {"kind": "usage", "fiscal_year": "2025", "file": upload},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "2行目" in body and "3行目" in body and "何も取り込んでいません" in body
    assert not DailyUsage.objects.exists()


def test_export_is_scoped_escapes_formulae_and_is_audited(client, world):
    StaffMember.objects.create(
        municipality=world.city_a, staff_number="X1", name='=HYPERLINK("http://evil")', kana="a"
    )
    StaffMember.objects.create(
        municipality=world.city_b, staff_number="X2", name="他市の職員", kana="b"
    )
    client.force_login(world.users.officer_a)
    response = client.get(reverse("hubs:export_download", args=[world.city_a.code, "staff", "csv"]))
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "他市の職員" not in text
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).detail["rows"] == 1

    response = client.get(
        reverse("hubs:export_download", args=[world.city_a.code, "staff", "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith(world.city_a.name)  # the title row: scope and day
    assert sheet["B3"].value.startswith("'=")


def test_schedule_import_dry_run_leaves_nothing_and_bad_rows_roll_back(world):
    from hubs.models import OpeningSchedule
    from hubs.resources import ScheduleResource

    before = OpeningSchedule.objects.count()
    good = "拠点名,適用開始日,曜日,開所時刻,閉所時刻,祝日開所\nひろばA1,R7.10.1,月,９：３０,15:30,休み\nひろばA1,R7.10.1,火曜日,9:30,15:30,休み\n"
    assert _import(ScheduleResource(world.city_a), good.encode("cp932"), dry_run=True).ok
    assert OpeningSchedule.objects.count() == before

    bad = good + "ひろばA1,R7.10.1,水,16:00,15:00,休み\n"  # closes before it opens
    outcome = _import(ScheduleResource(world.city_a), bad.encode("cp932"))
    assert [e.line for e in outcome.errors] == [4]
    assert OpeningSchedule.objects.count() == before

    outcome = _import(ScheduleResource(world.city_a), good.encode("cp932"))
    assert outcome.ok and outcome.totals["new"] == 2
    schedule = OpeningSchedule.objects.get(hub=world.hub_a1, valid_from="2025-10-01")
    assert sorted(h.weekday for h in schedule.hours.all()) == [0, 1]


def test_services_and_closures_import_and_feed_the_calendar(world):
    import datetime as dt

    from hubs.opening import calendar_for_hub
    from hubs.resources import ClosureResource, ServiceResource

    services = "拠点名,事業,開始日\nひろばA1,一時預かり,H27.4.1\nひろばA1,ファミリー・サポート・センター,2009/4/1\n"
    assert _import(ServiceResource(world.city_a), services.encode("cp932")).totals["new"] == 2
    assert sorted(world.hub_a1.services.values_list("kind", flat=True)) == ["famisapo", "ichiji"]

    closures = "拠点名,開始日,終了日,種別,理由\nひろばA1,R7.12.29,R8.1.3,年末年始,\nひろばA1,2025/9/16,2025/9/15,臨時休館,工事\n"
    outcome = _import(ClosureResource(world.city_a), closures.encode("cp932"))
    assert [e.line for e in outcome.errors] == [3]  # ends before it starts: nothing written
    outcome = _import(
        ClosureResource(world.city_a), closures.encode("cp932").rsplit(b"\n", 2)[0] + b"\n"
    )
    assert outcome.ok
    assert calendar_for_hub(world.hub_a1).day(dt.date(2025, 12, 29)).why == "年末年始"


def test_title_rows_blank_rows_and_excel_cells_keep_true_line_numbers(world):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["令和7年度 日別利用実績（川越市）"])
    sheet.append([])
    sheet.append(["拠点名", "日付", "親子組数", "母"])
    sheet.append(["ひろばA1", dt.datetime(2025, 4, 1), 12, 10])  # real Excel date and number cells
    sheet.append([])
    sheet.append(["ひろばA1", "R7.4.2", "x", 3])
    out = io.BytesIO()
    book.save(out)
    dataset = read_upload(out.getvalue(), DailyUsageResource.required_columns)
    assert dataset.headers == ["拠点名", "日付", "親子組数", "母"]
    outcome = run_import(DailyUsageResource(world.city_a), dataset, dry_run=False)
    assert [(e.line, e.column) for e in outcome.errors] == [(6, "親子組数")]
    assert not DailyUsage.objects.exists()


def test_work_experience_import(world):
    from hubs.resources import ExperienceResource
    from tests.factories import StaffFactory

    staff = StaffFactory(municipality=world.city_a, staff_number="E1")
    data = "職員番号,勤務先,業務内容,開始日,終了日,相談・コーディネート業務\nE1,川越市 子育て支援課,子育て相談員,H22.4.1,R2.3.31,該当\n"
    assert _import(ExperienceResource(world.city_a), data.encode("cp932")).ok
    experience = staff.experiences.get()
    assert experience.counts_as_consultation and str(experience.ended_on) == "2020-03-31"


def test_admin_export_is_audited(client, world):
    from accounts.models import User

    verify(client, User.objects.create_superuser("root", password="x-long-password-1"))
    response = client.post(
        "/admin/orgs/operator/export/",
        {
            "format": "0",
            "resource": "0",
            "operatoradminresource_name": "on",
            "operatoradminresource_kind": "on",
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    assert world.hub_a1.operator.name in response.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, object_type="orgs.Operator"
    ).exists()


def test_a_column_the_import_does_not_know_refuses_the_file(world):
    # 「男児数」 would otherwise be dropped without a word.
    data = "拠点名,日付,親子組数,男児数\nひろばA1,2025/4/1,12,5\n".encode("cp932")
    outcome = _import(DailyUsageResource(world.city_a), data)
    assert [(e.line, e.column) for e in outcome.errors] == [(1, "男児数")]
    assert "使わない列" in outcome.errors[0].message
    assert not DailyUsage.objects.exists()


def test_our_own_export_with_a_formula_like_name_re_imports_unchanged(client, world):
    """The ' that neutralises a formula on export comes off on import: no duplicate 「'=…」 row."""
    StaffMember.objects.create(
        municipality=world.city_a, staff_number="X1", name='=HYPERLINK("http://evil")', kana="a"
    )
    client.force_login(world.users.officer_a)
    for fmt in ("csv", "xlsx"):
        exported = client.get(
            reverse("hubs:export_download", args=[world.city_a.code, "staff", fmt])
        ).content
        outcome = run_import(
            StaffResource(world.city_a),
            read_upload(exported, StaffResource.required_columns),
            dry_run=False,
        )
        assert outcome.ok, outcome.errors
        assert outcome.totals.get("new", 0) == 0 and outcome.totals.get("update", 0) == 0, fmt
    assert list(StaffMember.objects.values_list("name", flat=True)) == ['=HYPERLINK("http://evil")']


def test_a_formula_cell_is_refused_with_its_place_not_imported_by_its_cached_value(world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["拠点名", "日付", "親子組数"])
    sheet.append(["ひろばA1", "2025/4/1", "=B1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFileError) as refused:
        read_upload(buffer.getvalue())
    assert "2行目 C列に数式があります（=B1+1）" in str(refused.value)
    assert not DailyUsage.objects.exists()


def test_an_unknown_column_names_the_closest_known_one(world):
    data = "拠点名,日付,親子組数,母親\nひろばA1,2025/4/1,12,5\n".encode("cp932")
    outcome = _import(DailyUsageResource(world.city_a), data)
    assert "「母親」（「母」のことですか）" in outcome.errors[0].message


def test_usage_is_checked_against_the_chosen_fiscal_year(client, world):
    """R7.4.1 is 令和7年度: in a file for 令和6年度 it is an error, not a silent update."""
    client.force_login(world.users.officer_a)
    url = reverse("hubs:import", args=[world.city_a.code])
    upload = io.BytesIO(_usage_csv(["ひろばA1,R7.4.1,10,9,1,4,4,", "ひろばA1,R7.3.31,5,5,0,2,2,"]))
    upload.name = "R6.csv"
    response = client.post(url, {"kind": "usage", "fiscal_year": "2024", "file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "令和7年4月1日（2025-04-01）は令和7年度（2025年度）の日付です" in body
    assert "選んだ令和6年度（2024年度）のファイルには入れられません" in body
    assert body.count("の日付です。") == 1  # 令和7年3月31日 is 令和6年度's: no error for it
    assert not DailyUsage.objects.exists()

    upload = io.BytesIO(_usage_csv(["ひろばA1,R7.4.1,10,9,1,4,4,"]))
    upload.name = "no-year.csv"
    response = client.post(url, {"kind": "usage", "file": upload})
    assert response.status_code == 400
    assert "取り込む年度を選んでください" in response.content.decode()


def test_an_unknown_course_lists_the_valid_names_and_the_nearest(world):
    from hubs.models import TrainingCourse
    from hubs.resources import TrainingRecordResource

    StaffMember.objects.create(municipality=world.city_a, staff_number="S1", name="職員", kana="a")
    course = TrainingCourse.objects.filter(municipality__isnull=True).order_by("name").first()
    typo = course.name[:-1]  # one character short
    data = f"職員番号,研修,修了日\nS1,{typo},2025/4/1\n".encode("cp932")
    outcome = _import(TrainingRecordResource(world.city_a), data)
    message = outcome.errors[0].message
    assert f"研修「{typo}」が登録されていません" in message
    assert f"「{course.name}」のことですか" in message
    assert "使える名前:" in message and course.name in message.split("使える名前:")[1]


def test_xlsx_exports_hold_numbers_and_dates_and_re_import_unchanged(client, world):
    import datetime as dt

    data = _usage_csv(["ひろばA1,2025/4/1,45,40,5,20,25,", "ひろばA1,2025/4/2,3,3,0,1,2,"])
    assert _import(DailyUsageResource(world.city_a), data).ok
    client.force_login(world.users.officer_a)
    response = client.get(
        reverse("hubs:export_download", args=[world.city_a.code, "usage", "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "日別利用実績" in sheet["A1"].value and "出力" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    first = {h: c.value for h, c in zip(header, sheet[3], strict=False)}
    assert first["日付"] == dt.datetime(2025, 4, 1)  # a date cell, not the text 2025-04-01
    assert first["親子組数"] == 45 and isinstance(first["親子組数"], int)
    assert sheet.column_dimensions["A"].width >= 8
    again = run_import(
        DailyUsageResource(world.city_a),
        read_upload(response.content, DailyUsageResource.required_columns),
        dry_run=False,
    )
    assert again.ok, again.errors
    assert again.totals == {"new": 0, "update": 0, "skip": 2}


def test_text_that_looks_like_a_formula_is_imported_as_text_and_flagged(client, world):
    client.force_login(world.users.officer_a)
    text = "職員番号,氏名,ふりがな\nX9,=1+1,a\nX10,-5,b\n"
    upload = io.BytesIO(text.encode("cp932"))
    upload.name = "staff.csv"
    response = client.post(
        reverse("hubs:import", args=[world.city_a.code]), {"kind": "staff", "file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "確かめてほしいセルがあります（1件）" in body  # -5 is a number, not flagged
    assert "2行目・氏名: 「=1+1」は数式のように始まる文字です" in body


def test_the_preview_shows_how_dates_were_read_and_what_each_update_changes(client, world):
    DailyUsage.objects.create(hub=world.hub_a1, date="2025-04-01", groups=10, mothers=3)
    client.force_login(world.users.officer_a)
    upload = io.BytesIO(_usage_csv(["ひろばA1,R7.4.1,10,5,0,0,0,", "ひろばA1,2025/4/2,8,8,0,0,0,"]))
    upload.name = "4月.csv"
    response = client.post(
        reverse("hubs:import", args=[world.city_a.code]),
        {"kind": "usage", "fiscal_year": "2025", "file": upload},
    )
    outcome = response.context["outcome"]
    assert outcome.ok and outcome.totals == {"new": 1, "update": 1, "skip": 0}
    (update,) = outcome.updates
    assert update.line == 2 and update.key == "拠点名「ひろばA1」・日付「R7.4.1」"
    assert update.changes == [("母", "3", "5")]
    body = response.content.decode()
    assert "母: 3 → 5" in body
    assert "R7.4.1（2025年4月1日／令和7年4月1日）" in body
    assert DailyUsage.objects.get(date="2025-04-01").mothers == 3  # still only a preview


def test_an_error_repeats_the_bad_value_and_names_the_row(world):
    outcome = _import(
        DailyUsageResource(world.city_a, fiscal_year=2025),
        _usage_csv(["ひろばA1,2025/4/1,10,abc,0,0,0,"]),
        dry_run=True,
    )
    (error,) = outcome.errors
    assert error.line == 2 and error.column == "母" and error.value == "abc"
    assert error.key == "拠点名「ひろばA1」・日付「2025/4/1」"


def test_a_usage_file_reads_its_stored_days_once_and_the_lock_once(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DailyUsage.objects.create(hub=world.hub_a1, date="2025-04-01", mothers=1)
    rows = [f"ひろばA1,2025/4/{d},1,{d},0,0,0," for d in range(1, 29)]
    rows += [f"ひろばA2,2025/4/{d},1,{d},0,0,0," for d in range(1, 29)]
    resource = DailyUsageResource(world.city_a, fiscal_year=2025)
    with CaptureQueriesContext(connection) as queries:
        outcome = _import(resource, _usage_csv(rows))
    assert outcome.ok and outcome.totals == {"new": 55, "update": 1, "skip": 0}
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum(s.startswith('SELECT "hubs_dailyusage"') for s in sql) == 1
    assert sum("reports_annualreport" in s for s in sql) == 1
    assert DailyUsage.objects.get(hub=world.hub_a2, date="2025-04-28").mothers == 28
