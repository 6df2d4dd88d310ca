import datetime as dt

import pytest

from common.japanese import (
    fiscal_year_of,
    is_valid_municipality_code,
    normalize_kana,
    normalize_text,
    parse_date,
    wareki_date,
    wareki_fiscal_year,
)


@pytest.mark.parametrize(
    "text",
    [
        "2025/4/1",
        "2025-04-01",
        "R7.4.1",
        "r7.4.1",
        "令和7年4月1日",
        "２０２５／４／１",
        "Ｒ７．４．１",
        "20250401",
        "2025年4月1日",
    ],
)
def test_dates_in_every_form_officials_write(text):
    assert parse_date(text) == dt.date(2025, 4, 1)


def test_first_year_of_an_era_and_era_boundaries():
    assert parse_date("令和元年5月1日") == dt.date(2019, 5, 1)
    assert parse_date("H31.4.30") == dt.date(2019, 4, 30)
    with pytest.raises(ValueError, match="元号の始まりより前"):
        parse_date("令和元年4月30日")


@pytest.mark.parametrize("text", ["2025/2/30", "令和7年13月1日", "きのう", ""])
def test_impossible_or_unreadable_dates_raise_japanese_errors(text):
    with pytest.raises(ValueError, match="日付"):
        parse_date(text)


def test_fiscal_year_and_wareki():
    assert fiscal_year_of(dt.date(2025, 3, 31)) == 2024
    assert fiscal_year_of(dt.date(2025, 4, 1)) == 2025
    assert wareki_fiscal_year(2024) == "令和6年度"
    assert wareki_fiscal_year(2019) == "令和元年度"
    assert wareki_fiscal_year(2018) == "平成30年度"
    assert wareki_date(dt.date(2019, 4, 30)) == "平成31年4月30日"


def test_normalisation_of_digits_kana_and_spaces():
    assert normalize_text("  ｶﾜｸﾞﾁ　　１２３ ") == "カワグチ 123"
    assert normalize_kana("やまだ　ﾊﾅｺ") == "ヤマダハナコ"


@pytest.mark.parametrize("code", ["131016", "011002", "111007", "112011", "141003"])
def test_real_municipality_codes_pass_the_check_digit(code):
    assert is_valid_municipality_code(code)


@pytest.mark.parametrize("code", ["131017", "11100", "1110070", "abcdef"])
def test_wrong_municipality_codes_fail(code):
    assert not is_valid_municipality_code(code)


def test_a_text_area_keeps_its_lines():
    from django import forms

    from common.forms import NormalisedFormMixin
    from common.japanese import normalize_multiline

    text = "１行目　　です\r\n\r\n\r\n  ２行目 ｶﾅ  \n"
    assert normalize_multiline(text) == "1行目 です\n\n2行目 カナ"

    class Note(NormalisedFormMixin, forms.Form):
        title = forms.CharField()
        body = forms.CharField(widget=forms.Textarea)

    form = Note({"title": "題\n名", "body": text})
    assert form.is_valid()
    assert form.cleaned_data == {"title": "題 名", "body": "1行目 です\n\n2行目 カナ"}


def test_export_cells_become_numbers_and_dates_but_codes_stay_text():
    import datetime as dt
    from decimal import Decimal

    from common.spreadsheet import typed

    assert typed("45") == 45 and typed("0") == 0 and typed("-3") == -3
    assert typed("0012") == "0012"  # a 職員番号 with its zeros
    assert typed("0492001234") == "0492001234"  # a phone number
    assert typed("1.5") == Decimal("1.5")
    assert typed("2025/4/1") == dt.date(2025, 4, 1) and typed("2025-04-01") == dt.date(2025, 4, 1)
    assert typed("2025-02-30") == "2025-02-30"
    assert typed("R7.4.1") == "R7.4.1" and typed("ひろば") == "ひろば"


def test_a_fiscal_year_in_templates_is_wareki_first_with_seireki_beside():
    from django.template import Context, Template

    out = Template("{% load japanese %}{{ fy|nendo }}|{{ first|nendo }}|{{ bad|nendo }}").render(
        Context({"fy": 2025, "first": 2019, "bad": "x"})
    )
    assert out == "令和7年度（2025年度）|令和元年度（2019年度）|"


def test_phone_numbers_are_shown_as_people_write_them():
    from common.japanese import format_phone

    assert format_phone("09012345678") == "090-1234-5678"
    assert format_phone("0312345678") == "03-1234-5678"
    assert format_phone("0492221234") == "049-222-1234"
    assert format_phone("0120123456") == "0120-123-456"
    assert format_phone("048-1703-2954") == "048-1703-2954"  # typed with hyphens: as typed
    assert format_phone("12345") == "12345"
    assert format_phone("") == ""
