"""CSV and XLSX downloads with spreadsheet-formula injection neutralised."""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

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


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for i, row in enumerate(rows):
            sheet.append([escape_formula(v) for v in row])
            if i == 0:
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(sheets: dict[str, list[list]], filename: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheets),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
