"""The guard that makes an unscoped read of tenant-owned rows fail loudly while a request is served.

Every model that belongs to a tenant (a hub, a municipality, a prefecture; a ファミサポ centre next)
derives from `TenantOwned`: it declares `scope_paths` (how it reaches each tenant level, read by
`accounts.access`) and gets `TenantManager`. While `ScopeGuardMiddleware` serves a request, a
queryset of such a model may be evaluated (iterated, counted, tested, aggregated, updated or
deleted) only when it is known to be scoped:
- it came from `accounts.access.scoped()` or `accounts.access.within()` (filtered to the user's
  scope, or to a tenant object the view resolved through that scope);
- it came from a related manager of an object already loaded (`hub.daily_usages.all()`), which is
  reached through that object;
- it runs inside `unscoped("why")`, for the system's own checks that must see every row (the year
  lock, uniqueness), never to show rows to the user.

Anything else raises `UnscopedQuery`: a programming error, which the test suite and the role × URL
matrix hit, rather than a page that quietly shows another municipality's rows. Management commands,
the task worker and tests calling services directly run outside a request and are not guarded.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

_guarded: ContextVar[bool] = ContextVar("kyoten_scope_guarded", default=False)


class UnscopedQuery(RuntimeError):
    """A tenant-owned queryset was evaluated in a request without passing through the scoping."""


@contextmanager
def guarded():
    """Guard the block (the middleware wraps each view in it; tests may too)."""
    token = _guarded.set(True)
    try:
        yield
    finally:
        _guarded.reset(token)


@contextmanager
def unscoped(why: str):
    """Lift the guard for a system check that must see every row; `why` says which, for the reader."""
    if not why:
        raise ValueError("unscoped() needs a reason")
    token = _guarded.set(False)
    try:
        yield
    finally:
        _guarded.reset(token)


def through(field: str, owner) -> dict[str, str]:
    """Scope paths of a model that belongs to its `field`'s `owner` (itself tenant-owned): a day of
    usage reaches the hub through "hub", the municipality through "hub__municipality"…"""
    return {
        level: field if path == "pk" else f"{field}__{path}"
        for level, path in owner.scope_paths.items()
    }


class TenantQuerySet(models.QuerySet):
    """A queryset that knows whether it passed through the scoping."""

    _kyoten_scoped = False

    def _check_scoped(self):
        if _guarded.get() and not self._kyoten_scoped:
            raise UnscopedQuery(
                f"{self.model._meta.label} was read without accounts.access.scoped()/within(): "
                "in a view every tenant-owned query goes through the scoping"
            )

    def _clone(self):  # type: ignore[misc]
        clone = super()._clone()  # type: ignore[misc]
        clone._kyoten_scoped = self._kyoten_scoped
        return clone

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def _iterator(self, use_chunked_fetch, chunk_size):  # type: ignore[misc]
        self._check_scoped()
        yield from super()._iterator(use_chunked_fetch, chunk_size)  # type: ignore[misc]

    def _prefetch_related_objects(self):  # type: ignore[misc]
        # The rows a Prefetch(queryset=…) adds hang from rows that passed the check: scoped too.
        if self._kyoten_scoped:
            for lookup in self._prefetch_related_lookups:  # type: ignore[attr-defined]
                queryset = getattr(lookup, "queryset", None)
                if isinstance(queryset, TenantQuerySet):
                    queryset._kyoten_scoped = True
        super()._prefetch_related_objects()  # type: ignore[misc]

    def update(self, **kwargs):
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self):
        self._check_scoped()
        return super().delete()

    def explain(self, *, format=None, **options):
        self._check_scoped()
        return super().explain(format=format, **options)


def mark_scoped(queryset: models.QuerySet) -> models.QuerySet:
    """A clone of a tenant-owned queryset marked as scoped. Only the scoping calls this
    (`accounts.access`, `accounts.personal`), after filtering it to a scope."""
    if not isinstance(queryset, TenantQuerySet):
        raise TypeError(f"{queryset.model._meta.label} is not tenant-owned")
    clone = queryset._chain()  # type: ignore[attr-defined]
    clone._kyoten_scoped = True
    return clone


def is_scoped(queryset: models.QuerySet) -> bool:
    return getattr(queryset, "_kyoten_scoped", False)


def the_row(obj):
    """A queryset of exactly `obj`, an object already in hand (loaded through the scoping), for an
    update that must not race with another writer: the_row(household).update(...)."""
    return mark_scoped(type(obj)._default_manager.filter(pk=obj.pk))


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """The default manager of tenant-owned models. A related manager (`hub.daily_usages`) has the
    object it hangs from as `instance` and is scoped through it."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "instance", None) is not None:
            queryset._kyoten_scoped = True
        return queryset


class TenantOwned(models.Model):
    """Base of every tenant-owned model: the guarded manager, and the model's own uniqueness and
    constraint checks (which look at every row, to refuse a duplicate) allowed past the guard."""

    scope_paths: dict[str, str]

    objects = TenantManager()

    class Meta:
        abstract = True

    def validate_unique(self, exclude=None):
        with unscoped("uniqueness is checked against every row"):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with unscoped("constraints are checked against every row"):
            super().validate_constraints(exclude=exclude)


class ScopeGuardMiddleware:
    """Guard each view of the site (the admin, a superuser's own tool, is left to Django's own
    permissions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _guarded.set(False)
        try:
            return self.get_response(request)
        finally:
            _guarded.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.app_name != "admin":
            _guarded.set(True)
        return None
