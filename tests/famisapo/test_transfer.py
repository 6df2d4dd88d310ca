"""Imports and exports of a centre: members, children, training and activities from years of Excel."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from common.importing import read_upload, run_import
from common.services import Actor
from famisapo.models import (
    Activity,
    FeeScheduleRow,
    HelperProfile,
    Member,
    MemberChild,
    MemberStatus,
    MonthClose,
    TrainingRecord,
)
from famisapo.resources import (
    ActivityResource,
    ChildResource,
    MemberResource,
    TrainingResource,
)
from tests.factories import verify

FEES = {
    "bands": [
        {"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700},
        {"days": "平日", "from": "19:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "土日祝", "from": "07:00", "to": "22:00", "yen_per_hour": 800},
    ],
    "additional_children_percent": [50],
}


def csv_bytes(text: str, encoding="cp932") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def run(resource_class, own, data: bytes, *, dry_run=False):
    dataset = read_upload(data, resource_class.required_columns)
    return run_import(resource_class(own.centre, Actor(own.world_user)), dataset, dry_run=dry_run)


@pytest.fixture
def own(centres):
    own = centres.own
    own.world_user = centres.world.users.coord_a
    FeeScheduleRow.objects.create(centre=own.centre, valid_from=dt.date(2025, 4, 1), data=FEES)
    return own


MEMBERS = """会員番号,会員の種類,氏名,ふりがな,生年月日,電話番号,住所(町丁目),登録日,退会日
１２,依頼会員,川越　花子,ｶﾜｺﾞｴ ﾊﾅｺ,1990/5/1,049-222-0000,脇田町1丁目,R6.4.10,
13,提供会員,小江戸　太郎,こえど たろう,1960/1/2,049-222-0001,新富町2丁目,令和6年5月1日,2025/3/31
"""


def test_members_from_a_shift_jis_file_with_full_width_digits_and_dropped_zeros(own):
    outcome = run(MemberResource, own, csv_bytes(MEMBERS))
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"new": 2, "update": 0, "skip": 0}
    hanako = Member.objects.get(centre=own.centre, number="0012")
    assert hanako.name == "川越 花子" and hanako.kana == "カワゴエハナコ"
    assert hanako.registered_on == dt.date(2024, 4, 10)
    taro = Member.objects.get(centre=own.centre, number="0013")
    assert HelperProfile.objects.filter(member=taro).exists()
    assert [(c.on, c.status) for c in taro.status_changes.order_by("on")] == [
        (dt.date(2024, 5, 1), MemberStatus.ACTIVE),
        (dt.date(2025, 3, 31), MemberStatus.LEFT),
    ]
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, detail__via="import")
    assert created.count() == 2

    again = run(MemberResource, own, csv_bytes(MEMBERS))
    assert again.totals == {"new": 0, "update": 0, "skip": 2}
    assert taro.status_changes.count() == 2


def test_an_unknown_column_refuses_the_file(own):
    text = MEMBERS.replace("退会日", "備考欄")
    outcome = run(MemberResource, own, csv_bytes(text))
    assert not outcome.ok
    assert outcome.errors[0].line == 1 and "備考欄" in outcome.errors[0].message
    assert not Member.objects.filter(centre=own.centre, number="0012").exists()


def test_one_bad_row_writes_nothing_and_names_its_line_and_column(own):
    text = MEMBERS.replace("令和6年5月1日", "5月のどこか")
    before = Member.objects.count()
    outcome = run(MemberResource, own, csv_bytes(text))
    assert [(e.line, e.column) for e in outcome.errors] == [(3, "登録日")]
    assert Member.objects.count() == before


def test_a_member_cannot_change_kind_or_leave_before_joining(own):
    text = "会員番号,会員の種類,氏名,ふりがな,電話番号,住所(町丁目),登録日,退会日\n"
    text += f"{own.helper.number},依頼会員,会員 0001,カイイン,0492,脇田町,2024/4/1,\n"
    text += "0099,提供会員,新人,シンジン,0492,脇田町,2024/4/1,2024/3/1\n"
    outcome = run(MemberResource, own, csv_bytes(text))
    messages = {e.column: e.message for e in outcome.errors}
    assert "会員の種類は取込では変えられません" in messages["会員の種類"]
    assert messages["退会日"] == "退会日が登録日より前です。"


def test_our_own_exports_import_as_they_are_and_change_nothing(own):
    for resource_class in (MemberResource, ChildResource, TrainingResource, ActivityResource):
        resource = resource_class(own.centre, Actor(own.world_user))
        dataset = resource.export_audited()
        assert len(dataset) > 0, resource_class.label
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(dataset.headers)
        for row in dataset:
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        outcome = run(resource_class, own, buffer.getvalue())
        assert outcome.ok, (resource_class.label, outcome.errors)
        assert outcome.totals == {"new": 0, "update": 0, "skip": len(dataset)}
    exported = AuditEvent.objects.filter(detail__via="export")
    assert exported.filter(object_id=str(own.requester.public_id)).exists()
    assert not exported.filter(object_id=str(own.helper.centre.public_id)).exists()


def test_a_member_number_of_another_centre_is_not_found(own, centres):
    other = centres.other
    other.requester.number = "0777"
    other.requester.save()
    text = "依頼会員の会員番号,氏名,生年月日\n0777,他 子,2020/1/1\n"
    outcome = run(ChildResource, own, csv_bytes(text))
    assert "会員番号「0777」の会員がこのセンターにいません" in outcome.errors[0].message


def test_training_subjects_are_written_as_the_curriculum_writes_them(own):
    text = "会員番号,科目,区分,時間数,受講日\n"
    text += f"{own.helper.number},緊急救命講習(再受講),緊急救命講習,3,2025/3/1\n"
    text += f"{own.requester.number},保育の心,養成講習,2,2025/3/1\n"
    outcome = run(TrainingResource, own, csv_bytes(text))
    assert [(e.line, e.column) for e in outcome.errors] == [(3, "会員番号")]
    text = text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n"
    assert run(TrainingResource, own, csv_bytes(text)).ok
    record = TrainingRecord.objects.get(member=own.helper, taken_on=dt.date(2025, 3, 1))
    assert record.subject == "緊急救命講習（再受講）"


ACTIVITIES = (
    "依頼会員の会員番号,提供会員の会員番号,子ども,援助の種類,日付,開始,終了,援助の内容,依頼会員の支払\n"
    "0002,0001,子,保育施設等の送迎,2025/10/6,17:30,19:30,保育園から自宅へ,{fee}\n"
)


def test_past_activities_are_priced_by_the_schedule_of_their_day(own):
    # 17:30–19:00 at 700 and 19:00–19:30 at 800, in 30-minute units: 1,050 + 400.
    wrong = run(ActivityResource, own, csv_bytes(ACTIVITIES.format(fee=1500)))
    assert wrong.errors[0].column == "依頼会員の支払"
    assert "料金表では1,450円" in wrong.errors[0].message
    outcome = run(ActivityResource, own, csv_bytes(ACTIVITIES.format(fee="")))
    assert outcome.ok, outcome.errors
    activity = Activity.objects.get(centre=own.centre, date=dt.date(2025, 10, 6))
    assert activity.requester_pays == 1450
    assert activity.fee_lines and [c.name for c in activity.children.all()] == ["子"]
    assert activity.reported_on == activity.date
    again = run(ActivityResource, own, csv_bytes(ACTIVITIES.format(fee=1450)))
    assert again.totals == {"new": 0, "update": 0, "skip": 1}


def test_a_closed_month_and_an_unknown_child_are_refused(own):
    MonthClose.objects.create(centre=own.centre, month=dt.date(2025, 10, 1))
    outcome = run(ActivityResource, own, csv_bytes(ACTIVITIES.format(fee="")))
    assert "2025年10月は締めてあります" in outcome.errors[0].message
    text = ACTIVITIES.format(fee="").replace("2025/10/6", "2025/9/8").replace(",子,", ",花子,")
    outcome = run(ActivityResource, own, csv_bytes(text))
    assert outcome.errors[0].column == "子ども" and "花子" in outcome.errors[0].message
    assert not Activity.objects.filter(centre=own.centre, date__month__in=[9, 10]).exists()


def test_a_schedule_missing_for_the_day_is_an_error_not_a_zero_fee(own):
    text = ACTIVITIES.format(fee="").replace("2025/10/6", "2024/10/7")
    outcome = run(ActivityResource, own, csv_bytes(text))
    assert "料金表" in outcome.errors[0].message
    assert not MemberChild.objects.filter(name="花子").exists()


def test_the_pages_check_then_write_and_audit_the_import(client, own):
    verify(client, own.world_user)
    url = reverse("famisapo:import", args=[own.centre.public_id])
    upload = io.BytesIO(csv_bytes(MEMBERS))
    upload.name = "会員名簿.csv"
    response = client.post(url, {"kind": "members", "file": upload})
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert "新規 2件" in response.content.decode()
    assert not Member.objects.filter(centre=own.centre, number="0012").exists()
    response = client.post(reverse("famisapo:import_confirm", args=[own.centre.public_id]))
    assert response.status_code == 302
    assert Member.objects.filter(centre=own.centre, number="0012").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.detail["totals"]["new"] == 2 and event.detail["filename"] == "会員名簿.csv"


def test_a_shift_jis_export_refuses_characters_it_cannot_hold(client, own):
    own.requester.name = "𠮷田 花子"
    own.requester.save()
    verify(client, own.world_user)
    base = reverse("famisapo:export", args=[own.centre.public_id])
    response = client.get(f"{base}members.sjis.csv")
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    response = client.get(f"{base}members.csv")
    assert response.status_code == 200
    assert "𠮷田 花子" in response.content.decode("utf-8-sig")
    own.requester.name = "髙橋 花子"
    own.requester.save()
    response = client.get(f"{base}members.sjis.csv")
    assert "髙橋 花子" in response.content.decode("cp932")


@pytest.mark.parametrize("kind", ["members", "children", "training", "activities"])
def test_every_kind_downloads_for_the_coordinator(client, own, kind):
    verify(client, own.world_user)
    base = reverse("famisapo:export", args=[own.centre.public_id])
    response = client.get(f"{base}{kind}.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) >= 2
    assert AuditEvent.objects.filter(detail__via="export", detail__kind__isnull=False).exists()


def test_imported_requesters_join_the_household_the_hub_knows_and_a_preview_registers_no_one(own):
    from families.models import Family
    from tests.factories import make_family

    known = make_family(own.centre.hub, kana="かわごえ", name="川越", phone="0492220000")
    before = Family.objects.count()
    preview = run(MemberResource, own, csv_bytes(MEMBERS), dry_run=True)
    assert preview.ok, preview.errors
    assert Family.objects.count() == before  # the preview is rolled back with its rows

    assert run(MemberResource, own, csv_bytes(MEMBERS)).ok
    hanako = Member.objects.get(centre=own.centre, number="0012")
    taro = Member.objects.get(centre=own.centre, number="0013")
    assert hanako.family == known.family  # カワゴエ and 049-222-0000: the same household
    assert taro.family is None  # a 提供会員 has no household in the register
    assert Family.objects.count() == before

    again = run(MemberResource, own, csv_bytes(MEMBERS))
    assert again.totals == {"new": 0, "update": 0, "skip": 2}
    hanako.refresh_from_db()
    assert hanako.family == known.family
