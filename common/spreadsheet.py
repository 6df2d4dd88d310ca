"""CSV and XLSX downloads with spreadsheet-formula injection neutralised."""

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Prefix text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(rows, filename: str, encoding: str = "utf-8") -> HttpResponse:
    """Return rows as CSV: UTF-8 with a BOM (Japanese Excel opens it correctly), or Shift_JIS
    (CP932) for older systems. A character CP932 cannot hold raises UnicodeEncodeError rather
    than turning into 「?」."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_formula(v) for v in row])
    if encoding == "cp932":
        body = buffer.getvalue().encode("cp932")
        response = HttpResponse(body, content_type="text/csv; charset=shift_jis")
    else:
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def unencodable(text: str, encoding: str = "cp932") -> str:
    """The characters of `text` that `encoding` cannot hold, each once."""
    bad = []
    for char in text:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            if char not in bad:
                bad.append(char)
    return "".join(bad)


_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,14})$")  # no leading zero: 0012 stays a code
_DECIMAL = re.compile(r"^-?(0|[1-9]\d{0,14})\.\d+$")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
DATE_FORMAT = "yyyy/m/d"


def typed(value):
    """Text that is a number or a date, as a number or a date, so a spreadsheet can sum and sort
    it; a code with a leading zero (職員番号 0012) and anything else stay text."""
    if not isinstance(value, str):
        return value
    if _INTEGER.match(value):
        return int(value)
    if _DECIMAL.match(value):
        return Decimal(value)
    if m := _DATE.match(value):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value
    return value


def _width(value) -> int:
    text = value.strftime("%Y/%m/%d") if isinstance(value, dt.date) else str(value or "")
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def xlsx_bytes(sheets: dict[str, list[list]], titles: dict[str, str] | None = None) -> bytes:
    """One sheet per entry; the first row is the header (bold). `titles` puts a title row (the
    scope and the 年度 or the day of the export) above a sheet's header; our imports find the
    header below it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        heading = (titles or {}).get(title)
        if heading:
            sheet.append([heading])
            sheet["A1"].font = Font(bold=True, size=12)
        widths: dict[int, int] = {}
        for i, row in enumerate(rows):
            values = [escape_formula(v) if i == 0 else escape_formula(typed(v)) for v in row]
            sheet.append(values)
            line = sheet.max_row
            for col, value in enumerate(values, start=1):
                widths[col] = max(widths.get(col, 0), _width(value))
                if isinstance(value, dt.date):
                    sheet.cell(row=line, column=col).number_format = DATE_FORMAT
            if i == 0:
                for cell in sheet[line]:
                    cell.font = Font(bold=True)
        for col, width in widths.items():
            sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 6), 50)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(
    sheets: dict[str, list[list]], filename: str, titles: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheets, titles),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
