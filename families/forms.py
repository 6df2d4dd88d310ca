"""The question a create form asks when the register already has the family (search before
create across every service)."""

from django import forms
from django.utils import timezone

from .models import Family

NEW = "new"
QUESTION = "同じ世帯ですか（市の世帯台帳）"
UNANSWERED = (
    "市の世帯台帳に、同じ姓（ふりがな）と電話番号の世帯があります。"
    "同じ世帯か、別の世帯として登録するか選んでください。"
)


def family_label(family: Family) -> str:
    day = timezone.localdate(family.created_at)
    return (
        f"同じ世帯: {family.family_name} 家（{family.family_name_kana}、"
        f"電話 末尾{family.phone[-4:]}、{day.year}年{day.month}月{day.day}日 台帳に登録）"
    )


class SameFamilyMixin:
    """Add `families=[...]` (the register's matches) to a form: it then asks which one, or none."""

    fields: dict

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.families = list(families)
        if self.families:
            self.fields["same_family"] = forms.ChoiceField(
                label=QUESTION,
                choices=[(str(f.public_id), family_label(f)) for f in self.families]
                + [(NEW, "別の世帯として登録する")],
                widget=forms.RadioSelect,
                error_messages={"required": UNANSWERED},
            )
            self.order_fields(["same_family"])

    def chosen_family(self) -> Family | None:
        """The register row the user said is this family (None: a new row is to be made)."""
        value = getattr(self, "cleaned_data", {}).get("same_family")
        return next((f for f in self.families if str(f.public_id) == value), None)
