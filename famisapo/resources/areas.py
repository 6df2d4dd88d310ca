"""The centre's table of 町丁目 points (町丁目, 緯度, 経度), from its municipality's file: what lets
matching give distances between homes. Not personal data: no member is read or written."""

from django.db.models import Q

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.importing import ImportOptions, column_field
from common.japanese import normalize_text

from ..models import AreaPoint, Member
from .base import CentreResource, DecimalWidget


class AreaPointResource(CentreResource):
    label = "町丁目の位置（距離の計算用）"
    key_columns = ["町丁目"]
    required_columns = {"町丁目", "緯度", "経度"}
    disposed_rows = Q(pk__in=[])  # no member in these rows

    def __init__(self, centre, actor=None, **kwargs):
        super().__init__(centre, actor, **kwargs)
        self.fields = {
            "name": column_field("町丁目", "name"),
            "latitude": column_field("緯度", "latitude", DecimalWidget()),
            "longitude": column_field("経度", "longitude", DecimalWidget()),
        }

    class Meta(ImportOptions):
        model = AreaPoint
        import_id_fields = ["name"]

    def get_queryset(self):
        return within(self.centre, AreaPoint).order_by("name")

    def before_import_row(self, row, **kwargs):
        row["町丁目"] = normalize_text(row.get("町丁目", ""))

    def exported_members(self):
        return within(self.centre, Member).none()

    def after_save_instance(self, instance, row, **kwargs):
        if self.actor is not None:
            audit_record(
                action=AuditEvent.Action.CREATE
                if instance._import_new
                else AuditEvent.Action.UPDATE,
                actor=self.actor,
                obj=instance,
                municipality_code=self.centre.municipality.code,
            )
