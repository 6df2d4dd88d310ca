"""Admin import and export of the places (都道府県, 市町村, 運営主体): national master data that the
system administrator loads, with the Japanese headers officers know."""

from common.importing import (
    FileLinesResource,
    ImportOptions,
    JapaneseBooleanWidget,
    LabelChoiceWidget,
    LookupWidget,
    column_field,
)

from .models import Municipality, Operator, Prefecture


class PrefectureAdminResource(FileLinesResource):
    code = column_field("都道府県コード", "code")
    name = column_field("都道府県名", "name")

    class Meta(ImportOptions):
        model = Prefecture
        import_id_fields = ["code"]
        fields = ["code", "name"]


class MunicipalityAdminResource(FileLinesResource):
    code = column_field("全国地方公共団体コード", "code")
    prefecture = column_field(
        "都道府県コード",
        "prefecture",
        LookupWidget(
            Prefecture.objects.all, "code", "都道府県コード「{value}」が登録されていません。"
        ),
    )
    name = column_field("市町村名", "name")
    kana = column_field("よみ", "kana")
    is_designated_city = column_field(
        "政令指定都市",
        "is_designated_city",
        JapaneseBooleanWidget(["政令指定都市", "○", "はい"], ["", "×", "いいえ"]),
    )

    class Meta(ImportOptions):
        model = Municipality
        import_id_fields = ["code"]
        fields = ["code", "prefecture", "name", "kana", "is_designated_city"]


class OperatorAdminResource(FileLinesResource):
    name = column_field("名称", "name")
    kana = column_field("よみ", "kana")
    kind = column_field("種別", "kind", LabelChoiceWidget(Operator.Kind.choices))

    class Meta(ImportOptions):
        model = Operator
        import_id_fields = ["name"]
        fields = ["name", "kana", "kind"]
