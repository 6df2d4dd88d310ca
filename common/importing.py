"""Read spreadsheets as municipalities send them, and run all-or-nothing imports.

Files arrive as XLSX or CSV in UTF-8 or Shift_JIS (CP932), with full-width digits, half-width
kana and stray spaces. Every cell is normalised before any resource sees it.
"""

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export import fields, resources, widgets

from .japanese import normalize_text, parse_date, wareki_date
from .locks import remembered_locks

ERR_ENCODING = "文字コードを判別できませんでした。UTF-8 または Shift_JIS（CP932）の CSV、または Excel（.xlsx）で保存してください。"
ERR_XLS = "古い Excel 形式（.xls）は読めません。Excel で「.xlsx」形式に保存し直してください。"
ERR_EMPTY = "ファイルにデータ行がありません。1行目に列名、2行目以降にデータを入れてください。"
ERR_MISSING_COLUMNS = "必要な列がありません: {columns}"
ERR_UNKNOWN_COLUMNS = "この取込では使わない列があります: {columns}。列名を直すか、列を消してください（使える列: {known}）。"
ERR_FORMULA = (
    "{line}行目 {column}列に数式があります（{formula}）。数式は取り込めません。"
    "Excel で「値の貼り付け」をしてから保存し直してください。"
)
ERR_DUPLICATE = "{key} がファイル内で重複しています（{first}行目と同じ）。"


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(ERR_ENCODING)


# What our exports put before text a spreadsheet would run as a formula (common/spreadsheet.py);
# taken off again on import, so that our own export re-imports as it was.
FORMULA_GUARD = "'"
FORMULA_START = ("=", "+", "-", "@")


def _unguard(text: str) -> str:
    if text.startswith(FORMULA_GUARD) and text[1:2] and text[1] in FORMULA_START:
        return text[1:]
    return text


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return _unguard(normalize_text(str(value)))


def _raw_rows(data: bytes) -> list[list]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(ERR_XLS)
    if data.startswith(b"PK\x03\x04"):
        # A formula cell is refused: its value is whatever Excel last computed, which may be
        # stale or a neighbour's. (A text cell that begins with = is text, and is kept.)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = []
        for line, row in enumerate(book.worksheets[0].iter_rows(), start=1):
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise ImportFileError(
                        ERR_FORMULA.format(
                            line=line, column=cell.column_letter, formula=str(cell.value)[:40]
                        )
                    )
            rows.append([cell.value for cell in row])
        return rows
    return list(csv.reader(io.StringIO(decode_csv(data))))


def read_upload(data: bytes, required: Iterable[str] = ()) -> tablib.Dataset:
    """Return the file as a Dataset with normalised headers and cells (all text).

    The header is the first of the top ten rows that holds every required column, so a title
    row above the table (「令和7年度 日別利用実績」) is fine. `dataset.lines` keeps each data
    row's line number in the file, blank rows included, for the error messages.
    """
    rows = [[_cell(v) for v in row] for row in _raw_rows(data)]
    required = set(required)
    header_at = next(
        (i for i, row in enumerate(rows[:10]) if required and required <= set(row)),
        next((i for i, row in enumerate(rows) if any(row)), 0),
    )
    headers = rows[header_at] if rows else []
    while headers and headers[-1] == "":
        headers = headers[:-1]
    width = len(headers)
    body, lines = [], []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        row = (row + [""] * width)[:width]
        if any(v != "" for v in row):
            body.append(row)
            lines.append(number)
    if not body:
        raise ImportFileError(ERR_EMPTY)
    dataset = tablib.Dataset(*body, headers=headers)
    dataset.header_line = header_at + 1
    dataset.lines = lines
    return dataset


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Widgets ------------------------------------------------------------------------------------


class JapaneseDateWidget(widgets.DateWidget):
    """Dates as 2025/4/1, 2025-04-01, R7.4.1 or 令和7年4月1日."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y/%m/%d") if value else ""


class TimeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = normalize_text(value).replace("：", ":")
        for fmt in ("%H:%M", "%H:%M:%S", "%H時%M分", "%H時"):
            try:
                return dt.datetime.strptime(text, fmt).time()
            except ValueError:
                continue
        raise ValueError(f"「{value}」は時刻として読めません（例: 9:30）。")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


class LabelChoiceWidget(widgets.Widget):
    """A choice written as its Japanese label (一般型) or its stored value (ippan)."""

    def __init__(self, choices, allow_blank=False, **kwargs):
        super().__init__(**kwargs)
        self.by_label = {normalize_text(str(label)): value for value, label in choices}
        self.values = {value for value, _ in choices}
        self.labels = {value: str(label) for value, label in choices}
        self.allow_blank = allow_blank

    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value or "")
        if text == "" and self.allow_blank:
            return ""
        if text in self.by_label:
            return self.by_label[text]
        if text in self.values:
            return text
        raise ValueError(
            f"「{value}」は選べません。次のどれかを入れてください: {'、'.join(self.by_label)}"
        )

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class JapaneseBooleanWidget(widgets.Widget):
    def __init__(self, true_labels, false_labels, **kwargs):
        super().__init__(**kwargs)
        self.true_labels = {normalize_text(t) for t in true_labels}
        self.false_labels = {normalize_text(f) for f in false_labels}
        self.true_text = true_labels[0]
        self.false_text = false_labels[0]

    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value or "")
        if text in self.true_labels:
            return True
        if text in self.false_labels or text == "":
            return False
        choices = "、".join([*self.true_labels, *self.false_labels])
        raise ValueError(f"「{value}」は読めません。次のどれかを入れてください: {choices}")

    def render(self, value, obj=None, **kwargs):
        return self.true_text if value else self.false_text


class CountWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value or "").replace(",", "")
        if text == "":
            return 0
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"「{value}」は整数ではありません。") from None
        if number < 0:
            raise ValueError("0以上の数を入れてください。")
        return number


class LookupWidget(widgets.Widget):
    """A foreign key looked up inside a queryset the resource scopes (e.g. one municipality).

    Names are compared after normalisation, so 「ひろば（東口）」 typed with half-width brackets
    or a half-width space still finds its row.
    """

    def __init__(
        self, queryset_factory, field: str, not_found: str, *, list_choices=False, **kwargs
    ):
        """`list_choices`: a value not found is told every valid name (a short master list,
        such as training courses); otherwise only the nearest one."""
        super().__init__(**kwargs)
        self.queryset_factory = queryset_factory
        self.field = field
        self.not_found = not_found
        self.list_choices = list_choices
        self._index: dict | None = None

    def candidates(self, obj) -> list[str]:
        return [getattr(obj, self.field)]

    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value or "")
        if text == "":
            return None
        if self._index is None:
            self._index = {
                normalize_text(key): obj
                for obj in self.queryset_factory()
                for key in self.candidates(obj)
            }
        if text not in self._index:
            raise ValueError(self.not_found.format(value=text) + self._hint(text))
        return self._index[text]

    def _hint(self, text: str) -> str:
        index = self._index or {}
        names = sorted({normalize_text(str(getattr(o, self.field))) for o in index.values()})
        near = difflib.get_close_matches(text, list(index), n=1, cutoff=0.5)
        hint = f"（「{near[0]}」のことですか）" if near else ""
        if self.list_choices and names:
            shown = "、".join(names[:30]) + ("ほか" if len(names) > 30 else "")
            hint += f" 使える名前: {shown}"
        return hint

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field, "") if value is not None else ""


# Running an import ----------------------------------------------------------------------------


@dataclass
class RowError:
    line: int  # the spreadsheet's line number (the header is line 1)
    column: str
    message: str
    key: str = ""  # which row it is, by its key columns: 拠点名「すくすく」・日付「2025/04/01」
    value: str = ""  # the cell as the file has it


@dataclass
class RowChange:
    """What re-importing a row changes in a record Kyoten already has."""

    line: int
    key: str
    changes: list[tuple[str, str, str]]  # (column, before, after)


@dataclass
class ImportOutcome:
    errors: list[RowError] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    preview: list[list[str]] = field(default_factory=list)
    # Cells that are imported as they are but deserve a look (text that a spreadsheet would run).
    warnings: list[RowError] = field(default_factory=list)
    updates: list[RowChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_columns(dataset, resource) -> list[RowError]:
    wanted = [
        f.column_name
        for f in resource.get_import_fields()
        if f.column_name in resource.required_columns
    ]
    header_line = getattr(dataset, "header_line", 1)
    missing = [c for c in wanted if c not in dataset.headers]
    if missing:
        message = ERR_MISSING_COLUMNS.format(columns="、".join(missing))
        return [RowError(header_line, "、".join(missing), message)]
    # A column we do not know would be dropped without a word: refuse it instead.
    known = {f.column_name for f in resource.fields.values()}
    unknown = [c for c in dataset.headers if c and c not in known]
    if unknown:
        named = "、".join(_with_closest(c, known) for c in unknown)
        message = ERR_UNKNOWN_COLUMNS.format(columns=named, known="、".join(known))
        return [RowError(header_line, "、".join(unknown), message)]
    return []


def _with_closest(column: str, known) -> str:
    """「母親」→「母親（「母」のことですか）」: the nearest known name, when one is near."""
    near = difflib.get_close_matches(column, list(known), n=1, cutoff=0.4)
    if not near:
        near = [k for k in known if k and (k in column or column in k)][:1]
    return f"「{column}」（「{near[0]}」のことですか）" if near else f"「{column}」"


def line_of(dataset, number: int) -> int:
    """Return the file line of the `number`-th data row (1-based), blank rows counted."""
    lines = getattr(dataset, "lines", None)
    return lines[number - 1] if lines else number + 1


def _key_value(field, row):
    try:
        value = field.clean(row)
    except (ValueError, KeyError):
        return normalize_text(row.get(field.column_name, ""))
    return getattr(value, "pk", value)


def check_duplicates(dataset, resource) -> list[RowError]:
    """A key repeated inside one file is an error, not a silent overwrite.

    Keys are compared after cleaning, so 2025/4/1 and R7.4.1 are the same day.
    """
    key_fields = [resource.fields[name] for name in resource._meta.import_id_fields]
    seen: dict[tuple, int] = {}
    errors = []
    for number, row in enumerate(dataset.dict, start=1):
        i = line_of(dataset, number)
        row = dict(row)
        for f in key_fields:
            row.setdefault(f.column_name, "")
        key = tuple(_key_value(f, row) for f in key_fields)
        if all(k in ("", None) for k in key):
            continue
        if key in seen:
            label = "・".join(
                f"{f.column_name}「{row[f.column_name]}」" for f in key_fields if row[f.column_name]
            )
            errors.append(
                RowError(
                    i,
                    "・".join(resource.key_columns),
                    ERR_DUPLICATE.format(key=label, first=seen[key]),
                )
            )
        else:
            seen[key] = i
    return errors


def run_import(resource, dataset, *, dry_run: bool) -> ImportOutcome:
    """Import every row or none: any invalid row rolls the whole file back.

    Everything, the checks included (a widget may create a parent row while it cleans), runs in
    one transaction that is rolled back for a dry run or on any error.
    """
    outcome = ImportOutcome()
    with transaction.atomic(), remembered_locks():
        outcome.errors = check_columns(dataset, resource)
        if not outcome.errors:
            # Every problem at once: repeated keys and each row's own errors.
            duplicates = check_duplicates(dataset, resource)
            _import_rows(resource, dataset, dry_run or bool(duplicates), outcome)
            outcome.errors = sorted(duplicates + outcome.errors, key=lambda e: e.line)
        if dry_run or outcome.errors:
            transaction.set_rollback(True)
    return outcome


def _import_rows(resource, dataset, dry_run, outcome):
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        collect_failed_rows=False,
        retain_instance_in_row_result=True,
    )
    columns = {name: f.column_name for name, f in resource.fields.items()}
    rows = list(dataset.dict)
    for invalid in result.invalid_rows:
        row = rows[invalid.number - 1] if invalid.number <= len(rows) else {}
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else columns.get(attribute, attribute)
            for message in messages:
                outcome.errors.append(
                    RowError(
                        line_of(dataset, invalid.number),
                        column,
                        str(message),
                        key=row_key(resource, row),
                        value=str(row.get(column, "") or "") if column else "",
                    )
                )
    for number, errors in result.row_errors():
        row = rows[number - 1] if number <= len(rows) else {}
        for error in errors:
            outcome.errors.append(
                RowError(
                    line_of(dataset, number),
                    "",
                    f"保存できませんでした: {error.error}",
                    key=row_key(resource, row),
                )
            )
    outcome.errors.sort(key=lambda e: e.line)
    outcome.totals = {k: v for k, v in result.totals.items() if k in ("new", "update", "skip")}
    outcome.preview = [dataset.headers, *_dates_as_read(resource, dataset, rows[:20])]
    outcome.warnings = formula_like(dataset)
    if not outcome.errors:
        outcome.updates = _updates(resource, dataset, rows, result.rows)


def row_key(resource, row: dict) -> str:
    """A row named by its key columns, as the file has them: 拠点名「すくすく」・日付「R7.4.1」."""
    parts = []
    for name in resource._meta.import_id_fields:
        column = resource.fields[name].column_name
        value = normalize_text(str(row.get(column, "") or ""))
        if value:
            parts.append(f"{column}「{value}」")
    return "・".join(parts)


def _dates_as_read(resource, dataset, rows: list[dict]) -> list[list[str]]:
    """The first rows for the preview, each date followed by how it was read (西暦／和暦)."""
    dated = {
        f.column_name for f in resource.fields.values() if isinstance(f.widget, JapaneseDateWidget)
    }
    out = []
    for row in rows:
        cells = []
        for column in dataset.headers:
            text = str(row.get(column, "") or "")
            if column in dated and text:
                try:
                    day = parse_date(text)
                except ValueError:
                    day = None
                if day is not None:
                    text = f"{text}（{day.year}年{day.month}月{day.day}日／{wareki_date(day)}）"
            cells.append(text)
        out.append(cells)
    return out


def _updates(resource, dataset, rows, row_results) -> list[RowChange]:
    """For every row that updates a record: the columns whose value changes, before → after."""
    import_fields = list(resource.get_import_fields())
    changes = []
    for number, row_result in enumerate(row_results, start=1):
        original = getattr(row_result, "original", None)
        instance = getattr(row_result, "instance", None)
        if row_result.import_type != "update" or original is None or instance is None:
            continue
        changed = []
        for f in import_fields:
            before, after = f.export(original), f.export(instance)
            if before != after:
                changed.append((f.column_name, str(before or ""), str(after or "")))
        if changed:
            row = rows[number - 1] if number <= len(rows) else {}
            changes.append(RowChange(line_of(dataset, number), row_key(resource, row), changed))
    return changes


WARN_FORMULA_LIKE = "「{value}」は数式のように始まる文字です。文字として取り込みます（意図したものか確かめてください）。"


def formula_like(dataset) -> list[RowError]:
    """Text cells that begin with = + - @: kept as text, but shown in the preview, since a
    spreadsheet that opens them again would run them (a negative number is not flagged)."""
    found = []
    for number, row in enumerate(dataset, start=1):
        for column, value in zip(dataset.headers, row, strict=False):
            text = str(value or "")
            if text.startswith(FORMULA_START) and not _NUMBER.match(text):
                found.append(
                    RowError(
                        line_of(dataset, number), column, WARN_FORMULA_LIKE.format(value=text[:30])
                    )
                )
    return found


_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")


def column_field(column, attribute, widget=None, **kwargs):
    """A column of an import: its Japanese header, the attribute it sets, how it is read."""
    return fields.Field(
        column_name=column,
        attribute=attribute,
        widget=widget or widgets.CharWidget(),
        **kwargs,
    )


class ImportOptions:
    """Options every import shares: an unchanged row is skipped (re-importing changes nothing),
    and each instance is validated like a form (constraints included) before anything is saved."""

    fields: list[str] = []
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True


class ScopedResource(resources.ModelResource):
    """Base of every import: built for one owner (a municipality, a centre) whose rows it alone
    reads and writes. `key_columns` name a row, `required_columns` must be in the file."""

    key_columns: list[str] = []
    required_columns: set[str] = set()
    label = ""

    def get_instance(self, instance_loader, row):
        # A bad value in a key column must read as that column's error, like any other.
        errors = {}
        for name in self._meta.import_id_fields:
            field = self.fields[name]
            row.setdefault(field.column_name, "")
            try:
                field.clean(row)
            except ValueError as e:
                errors[name] = str(e)
        if errors:
            raise ValidationError(errors)
        return super().get_instance(instance_loader, row)


class FileLinesResource(resources.ModelResource):
    """A resource for the admin's import: after it, errors carry the file's line numbers and the
    columns' Japanese headers (`row.kyoten_errors`), as the officers' import shows them."""

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        columns = {name: f.column_name for name, f in self.fields.items()}
        for invalid in result.invalid_rows:
            invalid.number = line_of(dataset, invalid.number)
            invalid.kyoten_errors = [
                (columns.get(attribute, "") if attribute != "__all__" else "", message)
                for attribute, messages in invalid.error_dict.items()
                for message in messages
            ]
        for error_row in result.error_rows:
            error_row.number = line_of(dataset, error_row.number)
