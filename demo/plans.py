"""What the demo is made of: the municipalities, wards, operators and hubs (modelled on seed 000's
case studies), the names people get and the demo accounts. The builders in places_and_hubs.py
turn it into rows."""

import datetime as dt
from dataclasses import dataclass

from common.japanese import municipality_check_digit

DEMO_PASSWORD = "kyoten-demo"  # noqa: S105 - documented demo password, refused in production
T = dt.time


def code(five: str) -> str:
    return five + str(municipality_check_digit(five))


# (five-digit code, name, kana, designated city)
MUNICIPALITIES = [
    ("11100", "さいたま市", "さいたまし", True),
    ("11201", "川越市", "かわごえし", False),
    ("11202", "熊谷市", "くまがやし", False),
    ("11203", "川口市", "かわぐちし", False),
    ("11324", "三芳町", "みよしまち", False),
    ("11362", "小鹿野町", "おがのまち", False),
    ("11369", "東秩父村", "ひがしちちぶむら", False),
]
WARDS = [
    ("11101", "西区"),
    ("11103", "大宮区"),
    ("11104", "見沼区"),
    ("11107", "浦和区"),
    ("11110", "岩槻区"),
]

OPERATORS = [
    ("さいたま市", "direct"),
    ("川越市", "direct"),
    ("社会福祉法人 ひかり会", "shafuku"),
    ("社会福祉法人 川越福祉会", "shafuku"),
    ("熊谷市社会福祉協議会", "shakyo"),
    ("NPO法人 子育てネットワークぽけっと", "npo"),
    ("NPO法人 おやこの森", "npo"),
    ("株式会社 すくすくサポート", "private"),
]

WEEKDAYS_5 = [0, 1, 2, 3, 4]


@dataclass
class HubPlan:
    city: str
    name: str
    kana: str
    hub_type: str
    premises: str
    operator: str
    hours: dict  # weekday -> [(opens, closes)]
    holidays_open: bool = False
    ward: str | None = None
    services: tuple = ()  # (kind, started_on)
    capacity: int = 10
    base_groups: int = 20
    opened: dt.date = dt.date(2012, 4, 1)
    change_from: dt.date | None = None  # a mid-year schedule change
    changed_hours: dict | None = None
    satellite_of: str | None = None


def days(weekdays, *ranges):
    return {d: list(ranges) for d in weekdays}


HUB_PLANS = [
    # 川越市: demo_hub works at the first; the multi-function model hub of seed 000's case studies.
    HubPlan(
        "11201",
        "かわごえ子育て支援センター すくすく",
        "かわごえこそだてしえんせんたーすくすく",
        "ippan",
        "public_space",
        "社会福祉法人 川越福祉会",
        days([0, 1, 2, 3, 4, 5], (T(9, 0), T(19, 0))),
        services=(
            ("ichiji", dt.date(2015, 4, 1)),
            ("famisapo", dt.date(2009, 4, 1)),
            ("riyosha_kihon", dt.date(2016, 4, 1)),
            ("shuccho", dt.date(2018, 4, 1)),
        ),
        capacity=20,
        base_groups=45,
    ),
    HubPlan(
        "11201",
        "なぐわし公園ひろば",
        "なぐわしこうえんひろば",
        "ippan",
        "shop",
        "NPO法人 子育てネットワークぽけっと",
        days([1, 2, 4], (T(10, 0), T(15, 0))),
        base_groups=14,
        change_from=dt.date(2025, 10, 1),
        changed_hours=days(WEEKDAYS_5, (T(10, 0), T(15, 0))),
    ),
    HubPlan(
        "11201",
        "かすみがせき保育園 子育てひろば",
        "かすみがせきほいくえんこそだてひろば",
        "renkei",
        "child_welfare",
        "社会福祉法人 川越福祉会",
        days([0, 2, 4], (T(10, 0), T(13, 0))),
        base_groups=8,
        capacity=6,
    ),
    # さいたま市 (政令指定都市): ward-based hubs.
    HubPlan(
        "11100",
        "にしっこひろば",
        "にしっこひろば",
        "ippan",
        "public_space",
        "NPO法人 おやこの森",
        days(WEEKDAYS_5, (T(9, 30), T(15, 30))),
        ward="11101",
        services=(("chiiki_shien", dt.date(2019, 4, 1)),),
        base_groups=25,
    ),
    HubPlan(
        "11100",
        "おおみや駅前子育てプラザ",
        "おおみやえきまえこそだてぷらざ",
        "ippan",
        "public_space",
        "さいたま市",
        days([0, 1, 2, 3, 4, 5, 6], (T(10, 0), T(17, 0))),
        holidays_open=True,
        ward="11103",
        services=(("ichiji", dt.date(2014, 4, 1)), ("riyosha_kihon", dt.date(2017, 4, 1))),
        capacity=30,
        base_groups=60,
    ),
    HubPlan(
        "11100",
        "みぬま親子のいえ",
        "みぬまおやこのいえ",
        "ippan",
        "house",
        "NPO法人 おやこの森",
        days([1, 2, 3, 4], (T(10, 0), T(15, 30))),
        ward="11104",
        base_groups=12,
    ),
    HubPlan(
        "11100",
        "うらわ子育てひろば",
        "うらわこそだてひろば",
        "ippan",
        "apartment",
        "株式会社 すくすくサポート",
        days(WEEKDAYS_5, (T(10, 0), T(14, 30))),
        ward="11107",
        base_groups=15,
    ),  # 4.5 hours a day: below the 一般型 floor, shown with its reason
    HubPlan(
        "11100",
        "いわつき児童センター ひろば",
        "いわつきじどうせんたーひろば",
        "renkei",
        "child_welfare",
        "社会福祉法人 ひかり会",
        days(WEEKDAYS_5, (T(10, 0), T(12, 0)), (T(13, 0), T(15, 0))),
        ward="11110",
        base_groups=10,
    ),
    HubPlan(
        "11100",
        "おおみや駅前 サテライト東口",
        "おおみやえきまえさてらいとひがしぐち",
        "ippan",
        "shop",
        "さいたま市",
        days([1, 3], (T(10, 0), T(15, 0))),
        ward="11103",
        base_groups=8,
        satellite_of="おおみや駅前子育てプラザ",
    ),
    # 熊谷市: demo_hub_other works here.
    HubPlan(
        "11202",
        "くまがや子育てひろば ぽっぽ",
        "くまがやこそだてひろばぽっぽ",
        "ippan",
        "public_space",
        "熊谷市社会福祉協議会",
        days(WEEKDAYS_5, (T(9, 0), T(16, 0))),
        services=(("famisapo", dt.date(2010, 4, 1)),),
        base_groups=30,
    ),
    HubPlan(
        "11202",
        "めぬま保育所 地域ひろば",
        "めぬまほいくしょちいきひろば",
        "renkei",
        "child_welfare",
        "社会福祉法人 ひかり会",
        days([0, 2, 3, 4], (T(9, 30), T(12, 30))),
        base_groups=7,
    ),
    # 川口市
    HubPlan(
        "11203",
        "かわぐち子育てサロン",
        "かわぐちこそだてさろん",
        "ippan",
        "public_space",
        "株式会社 すくすくサポート",
        days([0, 1, 2, 3, 4, 5], (T(9, 30), T(16, 30))),
        services=(("ichiji", dt.date(2016, 4, 1)), ("riyosha_tokutei", dt.date(2015, 4, 1))),
        base_groups=40,
    ),
    HubPlan(
        "11203",
        "しばぞの親子ひろば",
        "しばぞのおやこひろば",
        "ippan",
        "apartment",
        "NPO法人 子育てネットワークぽけっと",
        days([0, 2, 4], (T(10, 0), T(15, 0))),
        base_groups=12,
    ),
    # 町村
    HubPlan(
        "11324",
        "みよし子育て支援センター",
        "みよしこそだてしえんせんたー",
        "ippan",
        "nursery",
        "NPO法人 おやこの森",
        days(WEEKDAYS_5, (T(9, 0), T(15, 0))),
        services=(("shuccho", dt.date(2019, 4, 1)),),
        base_groups=16,
    ),
    HubPlan(
        "11362",
        "おがの子育てひろば",
        "おがのこそだてひろば",
        "ippan",
        "public_space",
        "NPO法人 おやこの森",
        days([1, 3, 4], (T(9, 30), T(15, 0))),
        base_groups=6,
        services=(("shuccho", dt.date(2020, 4, 1)),),
    ),
    HubPlan(
        "11369",
        "ひがしちちぶ児童館ひろば",
        "ひがしちちぶじどうかんひろば",
        "renkei",
        "child_welfare",
        "社会福祉法人 ひかり会",
        days([1, 3, 5], (T(10, 0), T(13, 30))),
        base_groups=4,
    ),
]

FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山口",
    "森",
]
FAMILY_KANA = [
    "さとう",
    "すずき",
    "たかはし",
    "たなか",
    "いとう",
    "わたなべ",
    "やまもと",
    "なかむら",
    "こばやし",
    "かとう",
    "よしだ",
    "やまだ",
    "まつもと",
    "いのうえ",
    "きむら",
    "はやし",
    "さいとう",
    "しみず",
    "やまぐち",
    "もり",
]
GIVEN = [
    ("陽子", "ようこ"),
    ("美穂", "みほ"),
    ("恵", "めぐみ"),
    ("由美", "ゆみ"),
    ("直子", "なおこ"),
    ("真理子", "まりこ"),
    ("香織", "かおり"),
    ("智子", "ともこ"),
    ("健一", "けんいち"),
    ("裕子", "ゆうこ"),
    ("千尋", "ちひろ"),
    ("亜希", "あき"),
    ("綾", "あや"),
    ("聡", "さとし"),
]

# Demo accounts: (username, display name, [(role, scope key), ...]); no roles = superuser.
SUKUSUKU = "hub:かわごえ子育て支援センター すくすく"
DEMO_USERS = [
    ("demo_hub", "デモ 拠点職員（川越）", [("hub_staff", SUKUSUKU)]),
    ("demo_specialist", "デモ 利用者支援専門員（川越）", [("specialist", SUKUSUKU)]),
    (
        "demo_famisapo",
        "デモ ファミサポ アドバイザー（川越）",
        [("famisapo_coordinator", "centre:川越市ファミリー・サポート・センター")],
    ),
    (
        # In a small town one person is both: sees a family's two sides on one page.
        "demo_both",
        "デモ 利用者支援専門員 兼 ファミサポ アドバイザー（川越）",
        [
            ("specialist", SUKUSUKU),
            ("famisapo_coordinator", "centre:川越市ファミリー・サポート・センター"),
        ],
    ),
    ("demo_hub_other", "デモ 拠点職員（熊谷）", [("hub_staff", "hub:くまがや子育てひろば ぽっぽ")]),
    (
        "demo_city",
        "デモ 川越市 子育て支援課",
        [("municipal_officer", "municipality:11201"), ("municipal_records", "municipality:11201")],
    ),
    ("demo_pref", "デモ 埼玉県 少子政策課", [("prefecture_officer", "prefecture:11")]),
    ("demo_admin", "デモ システム管理者", []),
]
