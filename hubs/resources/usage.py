"""Daily usage (ひろばの利用者数)."""

from django.core.exceptions import ValidationError
from import_export.instance_loaders import BaseInstanceLoader

from accounts.access import within
from common.importing import (
    CountWidget,
    ImportOptions,
    JapaneseDateWidget,
    column_field,
)
from common.japanese import date_label, fiscal_year_label, fiscal_year_of
from common.models import field_label

from ..models import (
    DailyUsage,
)
from .base import MunicipalityResource

ERR_OTHER_YEAR = "{day}は{its}の日付です。選んだ{chosen}のファイルには入れられません。"


class DayRowLoader(BaseInstanceLoader):
    """The file's existing days read in one query (its hubs, from its first day to its last),
    instead of one query a row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.rows: dict | None = None
        self.asked: set = set()

    def _key(self, row) -> tuple[int, object] | None:
        try:
            hub = self.resource.fields["hub"].clean(row)
            day = self.resource.fields["date"].clean(row)
        except (ValueError, KeyError):
            return None
        return (hub.pk, day) if hub is not None and day is not None else None

    def _load(self) -> dict:
        keys = [k for k in map(self._key, self.dataset.dict if self.dataset else []) if k]
        if not keys:
            return {}
        days = [d for _, d in keys]
        existing = self.resource.get_queryset().filter(
            hub_id__in={h for h, _ in keys}, date__range=(min(days), max(days))
        )
        return {(u.hub_id, u.date): u for u in existing}

    def get_instance(self, row):
        if self.rows is None:
            self.rows = self._load()
        key = self._key(row)
        if key is None:
            return None
        if key in self.asked:
            # A day twice in the file (an error check_duplicates reports): read it as stored now,
            # so the second row updates the first rather than failing on the unique index.
            hub_id, day = key
            return self.resource.get_queryset().filter(hub_id=hub_id, date=day).first()
        self.asked.add(key)
        return self.rows.get(key)


class DailyUsageResource(MunicipalityResource):
    label = "日別利用実績"
    key_columns = ["拠点名", "日付"]
    required_columns = {"拠点名", "日付"}

    def __init__(self, municipality, *, fiscal_year: int | None = None, user=None, **kwargs):
        """`fiscal_year`: the 年度 the officer chose; a row of another 年度 is an error.
        `user`: who imports, recorded as each written row's 更新者."""
        super().__init__(municipality, **kwargs)
        self.fiscal_year = fiscal_year
        self.user = user
        self.fields = {
            "hub": column_field("拠点名", "hub", self.hub_widget()),
            "date": column_field("日付", "date", JapaneseDateWidget()),
            **{
                f: column_field(field_label(DailyUsage, f), f, CountWidget())
                for f in DailyUsage.COUNT_FIELDS
            },
            "note": column_field("備考", "note"),
        }

    class Meta(ImportOptions):
        model = DailyUsage
        import_id_fields = ["hub", "date"]
        use_bulk = False
        instance_loader_class = DayRowLoader

    def get_queryset(self):
        return within(self.municipality, DailyUsage).select_related("hub")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        day = instance.date
        if self.fiscal_year is not None and day and fiscal_year_of(day) != self.fiscal_year:
            errors.setdefault(
                "date",
                ERR_OTHER_YEAR.format(
                    day=date_label(day),
                    its=fiscal_year_label(fiscal_year_of(day)),
                    chosen=fiscal_year_label(self.fiscal_year),
                ),
            )
        # Validated like a form, without the two queries a row full_clean() would add: the hub
        # came from this municipality's own list (LookupWidget), and (hub, date) is unique since
        # a stored day was found by the loader (and is updated) and a day twice in the file is
        # reported by check_duplicates. The PostgreSQL constraint still holds the line.
        try:
            instance.full_clean(
                exclude=[*errors, "hub"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as invalid:
            errors = invalid.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if self.user is not None:
            instance.updated_by = self.user
