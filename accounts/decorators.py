"""View decorators: resolve the tenant object once from the URL, through `accounts.access`.

Each decorated view declares the permission it needs, as pretix does.
"""

from functools import wraps

from . import access


def _scoped(kind: str, perm: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if kind == "hub":
                request.hub = access.get_hub_for_user(request.user, kwargs.pop("hub_id"), perm)
                request.perms = access.hub_permissions(request.user, request.hub)
            elif kind == "municipality":
                request.municipality = access.get_municipality_for_user(
                    request.user, kwargs.pop("code"), perm
                )
                request.perms = access.municipality_permissions(request.user, request.municipality)
            else:
                request.prefecture = access.get_prefecture_for_user(
                    request.user, kwargs.pop("code"), perm
                )
                request.perms = access.prefecture_permissions(request.user, request.prefecture)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def hub_view(perm: str):
    """Resolve `hub_id` from the URL into request.hub; 404 outside scope, 403 without `perm`."""
    return _scoped("hub", perm)


def municipality_view(perm: str):
    """Resolve `code` from the URL into request.municipality (404 / 403 as for hubs)."""
    return _scoped("municipality", perm)


def prefecture_view(perm: str):
    """Resolve `code` from the URL into request.prefecture (404 / 403 as for hubs)."""
    return _scoped("prefecture", perm)
