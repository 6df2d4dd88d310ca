"""View decorators: resolve the tenant object once from the URL, through `accounts.access`.

Each decorated view declares the permission it needs, as pretix does.
"""

from functools import wraps

from orgs.models import Municipality, Prefecture

from . import access


def scoped_view(attr: str, url_kwarg: str, field: str, queryset, perm: str):
    """Resolve the URL's `url_kwarg` (matched on `field` of `queryset()`) into request.<attr> and
    request.perms: 404 outside scope, 403 without `perm`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj, perms = access.get_for_user(
                request.user, queryset(), perm, **{field: kwargs.pop(url_kwarg)}
            )
            setattr(request, attr, obj)
            request.perms = perms
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _hubs():
    hub = access.tenant_model("hub")
    return hub._default_manager.select_related("municipality__prefecture", "ward", "operator")


def hub_view(perm: str):
    """Resolve `hub_id` from the URL into request.hub; 404 outside scope, 403 without `perm`."""
    return scoped_view("hub", "hub_id", "public_id", _hubs, perm)


def municipality_view(perm: str):
    """Resolve `code` from the URL into request.municipality (404 / 403 as for hubs)."""
    return scoped_view(
        "municipality",
        "code",
        "code",
        lambda: Municipality.objects.select_related("prefecture"),
        perm,
    )


def prefecture_view(perm: str):
    """Resolve `code` from the URL into request.prefecture (404 / 403 as for hubs)."""
    return scoped_view("prefecture", "code", "code", Prefecture.objects.all, perm)
