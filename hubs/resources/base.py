"""The base every hub resource shares: scoped to one municipality, with its lookups."""

from django.core.exceptions import ValidationError
from import_export import resources

from accounts.access import within
from common.importing import (
    LookupWidget,
)

from ..models import (
    Hub,
    StaffMember,
)

HUB_NOT_FOUND = "この市町村に「{value}」という拠点はありません。先に拠点を登録してください。"
STAFF_NOT_FOUND = "職員番号「{value}」の職員がいません。先に職員を登録してください。"


class MunicipalityResource(resources.ModelResource):
    """Base: rows belong to `self.municipality`; the queryset never leaves it."""

    key_columns: list[str] = []
    required_columns: set[str] = set()
    label = ""

    def __init__(self, municipality, **kwargs):
        super().__init__(**kwargs)
        self.municipality = municipality

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

    def hubs(self):
        return within(self.municipality, Hub)

    def staff(self):
        return within(self.municipality, StaffMember)

    def hub_widget(self):
        return LookupWidget(self.hubs, "name", HUB_NOT_FOUND)

    def staff_widget(self):
        return LookupWidget(self.staff, "staff_number", STAFF_NOT_FOUND)
