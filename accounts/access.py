"""Who may see what: the one scoping path.

Every view reaches hub-owned rows through these selectors, which take the user:
- outside the user's scope → Http404 (no hint that the row exists),
- inside the scope without the named permission → PermissionDenied (403),
- anonymous users never get here: LoginRequiredMiddleware sends them to the login page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from common.scoping import UnscopedQuery, is_scoped, mark_scoped
from orgs.models import Municipality

from .models import RoleAssignment
from .roles import ROLES, Scope

# The tenant levels a role can be bound to: the scope foreign keys of RoleAssignment, widest last.
LEVELS = ("hub", "centre", "municipality", "prefecture")


def tenant_model(level: str) -> type[Model]:
    """The model a role's scope points at (hub → hubs.Hub), read from RoleAssignment's own key,
    so this module needs no import of the domain that owns it."""
    model = RoleAssignment._meta.get_field(level).related_model
    if not isinstance(model, type):  # a lazy "app.Model" string before the registry is ready
        raise LookupError(f"no tenant model for {level}")
    return model


def assignments(user):
    # Cached on the user object for the request: one query, however many checks a view makes.
    if not hasattr(user, "_kyoten_assignments"):
        user._kyoten_assignments = list(
            user.role_assignments.select_related(
                "hub__municipality", "centre__municipality", "municipality", "prefecture"
            )
        )
    return user._kyoten_assignments


def _level(assignment) -> tuple[str, int]:
    for level in LEVELS:
        value = getattr(assignment, f"{level}_id")
        if value is not None:
            return level, value
    raise ValueError("role assignment without a scope")  # refused by a check constraint


def scope_paths(model) -> dict[str, str]:
    """How a tenant-owned model reaches each tenant level it belongs to (`Model.scope_paths`).

    E.g. a day of usage: {"hub": "hub", "municipality": "hub__municipality", "prefecture":
    "hub__municipality__prefecture"}; "pk" where the model is that tenant. A level it lacks is one
    whose roles never reach it (a hub's staff on a municipality's complaints register)."""
    paths = getattr(model, "scope_paths", None)
    if paths is None:
        raise TypeError(f"{model._meta.label} declares no scope_paths: it cannot be scoped")
    return paths


def _tenant_id(obj, path: str):
    """Follow a scope path on an object (through relations a select_related has loaded)."""
    if path == "pk":
        return obj.pk
    *relations, last = path.split("__")
    for name in relations:
        obj = getattr(obj, name)
    return getattr(obj, f"{last}_id")


def _covers(assignment, obj) -> bool:
    level, value = _level(assignment)
    path = scope_paths(type(obj)).get(level)
    return path is not None and _tenant_id(obj, path) == value


def scope_codes(user) -> list[str]:
    """Return the user's scopes as stable codes (hub:UUID, municipality:112011, prefecture:11)."""
    if user.is_superuser:
        return ["all"]
    return [
        f"hub:{a.hub.public_id}"
        if a.hub is not None
        else f"centre:{a.centre.public_id}"
        if a.centre is not None
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


def permissions_on(user, obj) -> frozenset[str]:
    """Return the permissions the user holds on any tenant-owned object (empty: out of scope)."""
    return _permissions(user, lambda a: _covers(a, obj))


def scope_filter(user, model, perm: str | None = None) -> Q:
    """A filter over `model`'s rows that lie in a scope where the user holds `perm` (any role
    when None), built from the model's scope paths."""
    if user.is_superuser:
        return Q()
    paths = scope_paths(model)
    q = Q(pk__in=[])
    for a in assignments(user):
        if perm is not None and perm not in ROLES[a.role].permissions:
            continue
        level, value = _level(a)
        path = paths.get(level)
        if path is not None:
            q |= Q(**{"pk" if path == "pk" else f"{path}_id": value})
    return q


def scoped(user, model, perm: str | None = None) -> QuerySet:
    """The one entry point: `model`'s rows the user may reach (with `perm`, when given)."""
    return mark_scoped(model._default_manager.filter(scope_filter(user, model, perm)))


def _level_of(model) -> str:
    """The tenant level a model is (hubs.Hub is "hub"), from RoleAssignment's keys."""
    for level in LEVELS:
        if issubclass(model, tenant_model(level)):
            return level
    raise TypeError(f"{model._meta.label} is not a tenant")


def within(tenants, model) -> QuerySet:
    """`model`'s rows that belong to `tenants`: one hub, municipality or prefecture the view
    resolved through the user's scope, a list of them, or a scoped queryset of them. E.g.
    within(request.municipality, DailyUsage), within(hubs, OpeningSchedule)."""
    if isinstance(tenants, QuerySet):
        if not is_scoped(tenants):
            raise UnscopedQuery(
                f"within() was given an unscoped {tenants.model._meta.label} queryset"
            )
        level, values = _level_of(tenants.model), tenants.values("pk")  # a subquery
    else:
        items = [tenants] if isinstance(tenants, Model) else list(tenants)
        if not items:
            return mark_scoped(model._default_manager.none())
        level, values = _level_of(type(items[0])), [t.pk for t in items]  # type: ignore[assignment]
    path = scope_paths(model).get(level)
    if path is None:
        raise TypeError(f"{model._meta.label} does not belong to a {level}")
    lookup = "pk__in" if path == "pk" else f"{path}_id__in"
    return mark_scoped(model._default_manager.filter(**{lookup: values}))


def shared(model) -> QuerySet:
    """`model`'s rows that belong to no tenant (the national training courses beside each
    municipality's own): everyone's to read."""
    paths = scope_paths(model)
    nowhere = {f"{path}__isnull": True for path in paths.values() if path != "pk"}
    return mark_scoped(model._default_manager.filter(**nowhere))


def hubs_for_user(user) -> QuerySet:
    """Return the hubs in the user's scope."""
    return scoped(user, tenant_model("hub"))


def municipalities_for_user(user) -> QuerySet[Municipality]:
    """Return the municipalities whose aggregates the user may see as a whole."""
    return scoped(user, Municipality)


def resolve(obj, perms: frozenset[str], perm: str):
    """404 when missing or out of scope (no hint it exists), 403 in scope without `perm`."""
    if obj is None or not perms:
        raise Http404
    if perm not in perms:
        raise PermissionDenied
    return obj


def get_for_user(user, queryset: QuerySet, perm: str, **lookup) -> tuple[Model, frozenset[str]]:
    """Return the object a URL names and the user's permissions on it: 404 when it is missing or
    out of scope, 403 in scope without `perm`."""
    obj = mark_scoped(queryset.filter(scope_filter(user, queryset.model), **lookup)).first()
    perms = permissions_on(user, obj) if obj is not None else frozenset()
    return resolve(obj, perms, perm), perms


def home_scope(user):
    """Return the widest object the user works on, for the start page."""
    best = None
    order = {Scope.HUB: 0, Scope.CENTRE: 0, Scope.MUNICIPALITY: 1, Scope.PREFECTURE: 2}
    for a in assignments(user):
        if best is None or order[ROLES[a.role].scope] > order[ROLES[best.role].scope]:
            best = a
    return best.scope_object if best else None
