"""Who may see what: the one scoping path.

Every view reaches hub-owned rows through these selectors, which take the user:
- outside the user's scope → Http404 (no hint that the row exists),
- inside the scope without the named permission → PermissionDenied (403),
- anonymous users never get here: LoginRequiredMiddleware sends them to the login page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hubs.models import Hub, Municipality, Prefecture

from .roles import ROLES, Scope


def assignments(user):
    # Cached on the user object for the request: one query, however many checks a view makes.
    if not hasattr(user, "_kyoten_assignments"):
        user._kyoten_assignments = list(
            user.role_assignments.select_related("hub__municipality", "municipality", "prefecture")
        )
    return user._kyoten_assignments


def _covers_hub(assignment, hub) -> bool:
    if assignment.hub_id is not None:
        return assignment.hub_id == hub.pk
    if assignment.municipality_id is not None:
        return assignment.municipality_id == hub.municipality_id
    return assignment.prefecture_id == hub.municipality.prefecture_id


def _covers_municipality(assignment, municipality) -> bool:
    if assignment.municipality_id is not None:
        return assignment.municipality_id == municipality.pk
    if assignment.prefecture_id is not None:
        return assignment.prefecture_id == municipality.prefecture_id
    return False


def scope_codes(user) -> list[str]:
    """Return the user's scopes as stable codes (hub:UUID, municipality:112011, prefecture:11)."""
    if user.is_superuser:
        return ["all"]
    return [
        f"hub:{a.hub.public_id}"
        if a.hub is not None
        else f"municipality:{a.municipality.code}"
        if a.municipality is not None
        else f"prefecture:{a.prefecture.code}"
        for a in assignments(user)
    ]


def role_labels(user) -> list[str]:
    return [f"{ROLES[a.role].label}（{a.scope_object}）" for a in assignments(user)]


def _permissions(user, covers) -> frozenset[str]:
    """Union of the permissions of the user's roles whose scope `covers` the object."""
    if user.is_superuser:
        return frozenset().union(*(r.permissions for r in ROLES.values()))
    return frozenset().union(*(ROLES[a.role].permissions for a in assignments(user) if covers(a)))


def hub_permissions(user, hub) -> frozenset[str]:
    """Return the permissions the user holds on this hub (empty when it is out of scope)."""
    return _permissions(user, lambda a: _covers_hub(a, hub))


def municipality_permissions(user, municipality) -> frozenset[str]:
    """Return the permissions the user holds on a whole municipality (hub roles hold none)."""
    return _permissions(user, lambda a: _covers_municipality(a, municipality))


def prefecture_permissions(user, prefecture) -> frozenset[str]:
    """Return the permissions the user holds on a whole prefecture."""
    return _permissions(user, lambda a: a.prefecture_id == prefecture.pk)


def hubs_for_user(user) -> QuerySet[Hub]:
    """Return the hubs in the user's scope."""
    if user.is_superuser:
        return Hub.objects.all()
    q = Q(pk__in=[])
    for a in assignments(user):
        if a.hub_id is not None:
            q |= Q(pk=a.hub_id)
        elif a.municipality_id is not None:
            q |= Q(municipality_id=a.municipality_id)
        else:
            q |= Q(municipality__prefecture_id=a.prefecture_id)
    return Hub.objects.filter(q)


def hub_filter(user, perm: str, field: str = "hub") -> Q:
    """A filter over rows whose `field` (a hub) lies in a scope where the user holds `perm`."""
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for a in assignments(user):
        if perm not in ROLES[a.role].permissions:
            continue
        if a.hub_id is not None:
            q |= Q(**{f"{field}_id": a.hub_id})
        elif a.municipality_id is not None:
            q |= Q(**{f"{field}__municipality_id": a.municipality_id})
        else:
            q |= Q(**{f"{field}__municipality__prefecture_id": a.prefecture_id})
    return q


def municipalities_for_user(user) -> QuerySet[Municipality]:
    """Return the municipalities whose aggregates the user may see as a whole."""
    if user.is_superuser:
        return Municipality.objects.all()
    q = Q(pk__in=[])
    for a in assignments(user):
        if a.municipality_id is not None:
            q |= Q(pk=a.municipality_id)
        elif a.prefecture_id is not None:
            q |= Q(prefecture_id=a.prefecture_id)
    return Municipality.objects.filter(q)


def resolve(obj, perms: frozenset[str], perm: str):
    """404 when missing or out of scope (no hint it exists), 403 in scope without `perm`."""
    if obj is None or not perms:
        raise Http404
    if perm not in perms:
        raise PermissionDenied
    return obj


def get_hub_for_user(user, public_id, perm: str) -> Hub:
    """Return the hub for a URL, or 404 when out of scope, or 403 without `perm`."""
    hub = (
        Hub.objects.select_related("municipality__prefecture", "ward", "operator")
        .filter(public_id=public_id)
        .first()
    )
    return resolve(hub, hub_permissions(user, hub) if hub else frozenset(), perm)


def get_municipality_for_user(user, code: str, perm: str) -> Municipality:
    """Return the municipality for a URL, or 404 when out of scope, or 403 without `perm`."""
    municipality = Municipality.objects.select_related("prefecture").filter(code=code).first()
    perms = municipality_permissions(user, municipality) if municipality else frozenset()
    return resolve(municipality, perms, perm)


def get_prefecture_for_user(user, code: str, perm: str) -> Prefecture:
    """Return the prefecture for a URL, or 404 when out of scope, or 403 without `perm`."""
    prefecture = Prefecture.objects.filter(code=code).first()
    perms = prefecture_permissions(user, prefecture) if prefecture else frozenset()
    return resolve(prefecture, perms, perm)


def home_scope(user):
    """Return the widest object the user works on, for the start page."""
    best = None
    order = {Scope.HUB: 0, Scope.MUNICIPALITY: 1, Scope.PREFECTURE: 2}
    for a in assignments(user):
        if best is None or order[ROLES[a.role].scope] > order[ROLES[best.role].scope]:
            best = a
    return best.scope_object if best else None
