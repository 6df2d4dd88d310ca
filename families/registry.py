"""Finding a family in the municipality's register before a service records it, and adding it.

A family is the same when its surname's reading and a phone number agree: the reading of the
register row and the one typed may each be the surname alone or the whole name (ヤマダ, ヤマダハナコ),
so one must begin with the other; the phone must be the same number of at least six digits. Both
are things the person registering was just told by the family, so a match discloses nothing the
user did not already know, except that the family is known to the municipality.
"""

from accounts.access import scoped, within
from common.japanese import normalize_kana, normalize_text, phone_digits

from .models import Family

MIN_PHONE_DIGITS = 6


def surname(text: str) -> str:
    """The first word of a name typed with a space (山田 花子 → 山田); the whole text otherwise."""
    words = normalize_text(text).split(" ")
    return words[0]


def same_family(municipality, *, kana: str, phone: str) -> list[Family]:
    """Register rows of `municipality` that are the family with this reading and phone."""
    key, digits = normalize_kana(kana), phone_digits(phone)
    if not key or len(digits) < MIN_PHONE_DIGITS:
        return []
    rows = within(municipality, Family).filter(phone=digits).order_by("created_at", "id")
    return [
        f for f in rows if key.startswith(f.family_name_kana) or f.family_name_kana.startswith(key)
    ]


def register(municipality, *, family_name: str, kana: str, phone: str) -> Family:
    """A new row: the surname (first word) of the name and of its reading, the phone's digits."""
    return Family.objects.create(
        municipality=municipality,
        family_name=surname(family_name)[:50],
        family_name_kana=normalize_kana(surname(kana))[:50],
        phone=phone_digits(phone)[:20],
    )


def chosen_or_new(municipality, chosen: Family | None, **identity) -> Family:
    """The row the user picked as the same family, or a new one (identity: family_name, kana, phone)."""
    if chosen is not None:
        if chosen.municipality_id != municipality.pk:
            raise ValueError("a family of another municipality")
        return chosen
    return register(municipality, **identity)


def matched_or_new(municipality, **identity) -> Family:
    """For imports, where no one is asked: the one matching row, or a new row when there is none
    or more than one (two rows that both match are left for a person to merge)."""
    found = same_family(municipality, kana=identity["kana"], phone=identity["phone"])
    if len(found) == 1:
        return found[0]
    return register(municipality, **identity)


def drop_unused(municipality) -> int:
    """Delete the municipality's register rows no service refers to any more (after a disposal:
    a name and phone must not outlive the records). Returns how many were deleted."""
    rows = within(municipality, Family)
    for relation in Family._meta.related_objects:
        rows = rows.filter(**{f"{relation.name}__isnull": True})
    deleted, _ = rows.delete()
    return deleted


def known_elsewhere(user, family: Family | None, here) -> bool:
    """Whether another service's record of this family lies in the user's scope (so that a link
    to the household across services is worth showing); `here` is the model of the page."""
    if family is None:
        return False
    for relation in Family._meta.related_objects:
        model = relation.related_model
        if model is not here and scoped(user, model).filter(family=family).exists():
            return True
    return False
