"""Daily usage (ひろばの利用者数)."""

from accounts.access import within
from common.importing import (
    CountWidget,
    ImportOptions,
    JapaneseDateWidget,
    column_field,
)
from common.japanese import fiscal_year_of, wareki_date, wareki_fiscal_year
from common.models import field_label

from ..models import (
    DailyUsage,
)
from .base import MunicipalityResource

ERR_OTHER_YEAR = "{day}は{its}の日付です。選んだ{chosen}のファイルには入れられません。"


def year_label(fiscal_year: int) -> str:
    return f"{wareki_fiscal_year(fiscal_year)}（{fiscal_year}年度）"


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

    def get_queryset(self):
        return within(self.municipality, DailyUsage).select_related("hub")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        day = instance.date
        if self.fiscal_year is not None and day and fiscal_year_of(day) != self.fiscal_year:
            errors.setdefault(
                "date",
                ERR_OTHER_YEAR.format(
                    day=f"{wareki_date(day)}（{day:%Y-%m-%d}）",
                    its=year_label(fiscal_year_of(day)),
                    chosen=year_label(self.fiscal_year),
                ),
            )
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        if self.user is not None:
            instance.updated_by = self.user
