"""The base of a centre's imports: rows scoped to the centre, members found by number, writes
audited as the importer's."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import widgets

from accounts.access import within
from accounts.models import AuditEvent
from common.importing import LookupWidget, ScopedResource
from common.japanese import normalize_text

from ..models import Member
from ..scoping import audit_member

MEMBER_NOT_FOUND = (
    "会員番号「{value}」の会員がこのセンターにいません。先に会員を取り込んでください。"
)
ERR_FUTURE = "未来の日付です。"


AUDIT_FIELDS = ("recorded_by", "created_by")


class CentreResource(ScopedResource):
    """Base: rows belong to `self.centre`; writes are audited as `self.actor`'s."""

    def __init__(self, centre, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.centre = centre
        self.actor = actor

    # The rows that hold a disposed member (famisapo/disposal.py): never exported, and a file
    # cannot name such a member (its number is not found), so no import brings a name back.
    disposed_rows = Q(disposed_on__isnull=False)

    def members(self):
        return within(self.centre, Member)

    def live_members(self):
        return self.members().filter(disposed_on__isnull=True)

    def member_widget(self):
        return MemberNumberWidget(self.live_members, "number", MEMBER_NOT_FOUND)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_new = new
        if hasattr(instance, "centre_id"):
            instance.centre = self.centre
        if new and hasattr(instance, "recorded_by_id") and self.actor is not None:
            instance.recorded_by = self.actor.user

    def import_instance(self, instance, row, **kwargs):
        instance._import_row = row
        super().import_instance(instance, row, **kwargs)

    def audit(self, member, obj, new: bool):
        if self.actor is not None:
            action = AuditEvent.Action.CREATE if new else AuditEvent.Action.UPDATE
            audit_member(self.actor, member, action=action, obj=obj, detail={"via": "import"})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Who recorded a row is the importer (or nobody, for years-old rows), never a column.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *AUDIT_FIELDS], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def export_audited(self):
        """The export's dataset; each member whose record it holds gets one audit row."""
        dataset = self.export(queryset=self.get_queryset().exclude(self.disposed_rows))
        if self.actor is not None:
            for member in self.exported_members().filter(disposed_on__isnull=True):
                audit_member(self.actor, member, detail={"via": "export", "kind": self.label})
        return dataset

    def exported_members(self):
        return self.members()


def _dec(value) -> Decimal | None:
    text = normalize_text(value or "").replace(",", "")
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"「{value}」は数ではありません。") from None


def number_key(text: str) -> str:
    """会員番号 as compared: Excel drops the zeros of 0012, so digits compare as a number."""
    text = normalize_text(text or "")
    return str(int(text)) if text.isdigit() else text


class MemberNumberWidget(LookupWidget):
    def candidates(self, obj) -> list[str]:
        return [number_key(obj.number)]

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(number_key(value), row, **kwargs)
        except ValueError:
            raise ValueError(self.not_found.format(value=normalize_text(value))) from None


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        number = _dec(value)
        if number is not None and number < 0:
            raise ValueError("0以上の数を入れてください。")
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.normalize():f}"
