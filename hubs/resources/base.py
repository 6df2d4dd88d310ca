"""The base every hub resource shares: scoped to one municipality, with its lookups."""

from accounts.access import within
from common.importing import LookupWidget, ScopedResource

from ..models import (
    Hub,
    StaffMember,
)

HUB_NOT_FOUND = "この市町村に「{value}」という拠点はありません。先に拠点を登録してください。"
STAFF_NOT_FOUND = "職員番号「{value}」の職員がいません。先に職員を登録してください。"


class MunicipalityResource(ScopedResource):
    """Base: rows belong to `self.municipality`; the queryset never leaves it."""

    def __init__(self, municipality, **kwargs):
        super().__init__(**kwargs)
        self.municipality = municipality

    def hubs(self):
        return within(self.municipality, Hub)

    def staff(self):
        return within(self.municipality, StaffMember)

    def hub_widget(self):
        return LookupWidget(self.hubs, "name", HUB_NOT_FOUND)

    def staff_widget(self):
        return LookupWidget(self.staff, "staff_number", STAFF_NOT_FOUND)
