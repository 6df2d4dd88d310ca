"""Daily usage (ひろばの利用者数)."""

from accounts.access import within
from common.importing import (
    CountWidget,
    ImportOptions,
    JapaneseDateWidget,
    column_field,
)
from common.models import field_label

from ..models import (
    DailyUsage,
)
from .base import MunicipalityResource


class DailyUsageResource(MunicipalityResource):
    label = "日別利用実績"
    key_columns = ["拠点名", "日付"]
    required_columns = {"拠点名", "日付"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
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
