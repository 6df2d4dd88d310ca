# ruff: noqa: S608 (SQL built from this module's constants only: no input reaches it)
"""National-size data for the benchmarks (issue 11): 47 prefectures, 1,741 municipalities, about
8,000 hubs with a weekday schedule and some services, and ten 年度 of daily usage (about 20
million rows), written by SQL (`generate_series`) into the real tables in a few minutes.

`python manage.py seed_demo --scale national` (after the ordinary demo). Never used by `make run`
or the suite at this size: `build_national(years=1, municipalities=…)` makes a small one for tests.
The monthly rollups are rebuilt once at the end (the triggers are off during the load: one
statement of millions of rows would hold them all as a transition table).
"""

import datetime as dt

from django.db import connection, transaction

from common.japanese import fiscal_year_of
from hubs import rollups
from orgs.models import Prefecture

from .plans import code

PREFECTURES = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
]
MUNICIPALITIES = 1741
HUBS_PER_TOWN = (3, 4, 5, 6, 5)  # by town number mod 5: 4.6 on average, about 8,000 in all
NAME_PREFIX = "全国検証"


def national_exists() -> bool:
    return Prefecture.objects.filter(code="01").exists()


@transaction.atomic
def build_national(*, today: dt.date, years: int = 10, municipalities: int = MUNICIPALITIES):
    """Build (once) the national data; returns the number of hubs and of usage days."""
    prefectures = {}
    for n, name in enumerate(PREFECTURES, start=1):
        prefectures[n], _ = Prefecture.objects.get_or_create(
            code=f"{n:02d}", defaults={"name": name}
        )
    last_year = fiscal_year_of(today) - 1
    first_day = dt.date(last_year - years + 1, 4, 1)
    last_day = dt.date(last_year + 1, 3, 31)
    with connection.cursor() as cursor:
        # Municipalities: spread over the prefectures, codes with their check digit, numbers
        # from 300 up so that no real code of the demo (11100–11465) is taken.
        rows = []
        for i in range(municipalities):
            pref = i % 47 + 1
            five = f"{pref:02d}{300 + i // 47:03d}"
            rows.append(
                (
                    code(five),
                    f"{NAME_PREFIX}町{i + 1:04d}",
                    f"ぜんこくけんしょう{i + 1:04d}",
                    prefectures[pref].pk,
                )
            )
        cursor.executemany(
            "INSERT INTO hubs_municipality (code, name, kana, is_designated_city, prefecture_id) "
            "VALUES (%s, %s, %s, false, %s) ON CONFLICT (code) DO NOTHING",
            rows,
        )
        cursor.execute(
            f"""
            INSERT INTO hubs_hub (public_id, name, kana, municipality_id, management, hub_type,
                                  premises, address, phone, opened_on)
            SELECT gen_random_uuid(), m.name || ' 拠点' || h, 'きょてん' || h, m.id, 'contracted',
                   CASE WHEN h % 5 = 0 THEN 'renkei' ELSE 'ippan' END,
                   CASE WHEN h % 5 = 0 THEN 'child_welfare' ELSE 'public_space' END,
                   m.name, '', DATE '2010-04-01'
              FROM hubs_municipality m
              CROSS JOIN LATERAL generate_series(
                  1, (ARRAY{list(HUBS_PER_TOWN)})[substring(m.code, 3, 3)::int % 5 + 1]) AS h
             WHERE m.name LIKE '{NAME_PREFIX}%'
               AND NOT EXISTS (SELECT 1 FROM hubs_hub x WHERE x.municipality_id = m.id)
            """
        )
        hubs = (
            "SELECT h.id FROM hubs_hub h JOIN hubs_municipality m ON m.id = h.municipality_id "
            + (f"WHERE m.name LIKE '{NAME_PREFIX}%'")
        )
        cursor.execute(
            "INSERT INTO hubs_openingschedule (hub_id, valid_from, opens_on_public_holidays, note) "
            f"SELECT id, DATE '2010-04-01', false, '' FROM ({hubs}) h "
            "WHERE NOT EXISTS (SELECT 1 FROM hubs_openingschedule s WHERE s.hub_id = h.id)"
        )
        cursor.execute(
            "INSERT INTO hubs_openinghours (schedule_id, weekday, opens, closes) "
            "SELECT s.id, d, TIME '09:30', TIME '15:30' FROM hubs_openingschedule s "
            f"JOIN ({hubs}) h ON h.id = s.hub_id CROSS JOIN generate_series(0, 4) d "
            "WHERE NOT EXISTS (SELECT 1 FROM hubs_openinghours o WHERE o.schedule_id = s.id)"
        )
        cursor.execute(
            "INSERT INTO hubs_hubservice (hub_id, kind, started_on, contracted_separately, note) "
            "SELECT id, CASE WHEN id % 3 = 0 THEN 'ichiji' ELSE 'riyosha_kihon' END, "
            f"DATE '2018-04-01', false, '' FROM ({hubs}) h WHERE h.id % 3 <> 1 "
            "AND NOT EXISTS (SELECT 1 FROM hubs_hubservice s WHERE s.hub_id = h.id)"
        )
        # Ten 年度 of weekdays, year by year; the rollups are built once after.
        # Deferred foreign-key checks must have run before the table's triggers are switched.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE hubs_dailyusage DISABLE TRIGGER USER")
        for fy in range(first_day.year, last_year + 1):
            cursor.execute(
                f"""
                INSERT INTO hubs_dailyusage (hub_id, date, groups, mothers, fathers, grandparents,
                    pregnant, other_adults, children_0, children_1, children_2, children_3plus,
                    first_time, note, updated_at)
                SELECT h.id, d::date, 8 + (h.id + e) % 30, 7 + (h.id + e) % 28, (h.id + e) % 4,
                       (h.id + e) % 3, (e % 7 = 0)::int, 0, 3 + (h.id + e) % 9, 3 + e % 8,
                       2 + (h.id * e) % 6, 1 + e % 5, (e % 11 = 0)::int, '', now()
                  FROM ({hubs}) h
                 CROSS JOIN generate_series(DATE '{fy}-04-01', DATE '{fy + 1}-03-31', '1 day') d
                 CROSS JOIN LATERAL (SELECT extract(doy FROM d)::int AS e) x
                 WHERE extract(isodow FROM d) < 6
                ON CONFLICT (hub_id, date) DO NOTHING
                """
            )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE hubs_dailyusage ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    rollups.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"SELECT count(*) FROM ({hubs}) h")
        (hub_count,) = cursor.fetchone()
    return {"hubs": hub_count, "first_day": first_day, "last_day": last_day}
