"""Admin import and export of the places (都道府県, 市町村, 運営主体): national master data that the
system administrator loads, with the Japanese headers officers know."""

from import_export import resources

from common.importing import ImportOptions, JapaneseBooleanWidget, LabelChoiceWidget, LookupWidget
from common.importing import column_field as _field

from .models import Municipality, Operator, Prefecture


class PrefectureAdminResource(resources.ModelResource):
    code = _field("都道府県コード", "code")
    name = _field("都道府県名", "name")

    class Meta(ImportOptions):
        model = Prefecture
        import_id_fields = ["code"]
        fields = ["code", "name"]


class MunicipalityAdminResource(resources.ModelResource):
    code = _field("全国地方公共団体コード", "code")
    prefecture = _field(
        "都道府県コード",
        "prefecture",
        LookupWidget(
            Prefecture.objects.all, "code", "都道府県コード「{value}」が登録されていません。"
        ),
    )
    name = _field("市町村名", "name")
    kana = _field("よみ", "kana")
    is_designated_city = _field(
        "政令指定都市",
        "is_designated_city",
        JapaneseBooleanWidget(["政令指定都市", "○", "はい"], ["", "×", "いいえ"]),
    )

    class Meta(ImportOptions):
        model = Municipality
        import_id_fields = ["code"]
        fields = ["code", "prefecture", "name", "kana", "is_designated_city"]


class OperatorAdminResource(resources.ModelResource):
    name = _field("名称", "name")
    kana = _field("よみ", "kana")
    kind = _field("種別", "kind", LabelChoiceWidget(Operator.Kind.choices))

    class Meta(ImportOptions):
        model = Operator
        import_id_fields = ["name"]
        fields = ["name", "kana", "kind"]
