"""How views reach families and their records: through the user, never around them.

Built on `accounts.access` (the one scoping path): a family belongs to the hub that keeps its
records, so the user's permissions on that hub decide. Outside scope → 404; inside without the
right → 403; a password-only session of someone who can see families → the two-factor page;
an officer who reads records of the whole municipality states a purpose first (利用目的).
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from accounts import access
from accounts.roles import Perm
from accounts.two_factor import two_factor_required

from .models import CaseConference, Consultation, Household, Referral

PURPOSE_SESSION_KEY = "record_purposes"
PURPOSE_LIFETIME = 30 * 60  # seconds: one sitting, as the idle session limit

# Which perms satisfy a need. Reading records is allowed to site staff (record.view) and, with a
# stated purpose, to municipal officers (record.view_purpose).
_SATISFIED_BY = {
    Perm.FAMILY_BASIC: {Perm.FAMILY_BASIC, Perm.RECORD_VIEW, Perm.RECORD_VIEW_PURPOSE},
    Perm.RECORD_VIEW: {Perm.RECORD_VIEW, Perm.RECORD_VIEW_PURPOSE},
}


def satisfies(perms: frozenset[str], need: str) -> bool:
    return bool(perms & _SATISFIED_BY.get(need, {need}))


def reads_records(perms: frozenset[str]) -> bool:
    return satisfies(perms, Perm.RECORD_VIEW)


def needs_purpose(perms: frozenset[str]) -> bool:
    """True when the user reaches this family only as a municipal officer, not as site staff."""
    return Perm.RECORD_VIEW_PURPOSE in perms and not perms & {Perm.RECORD_VIEW, Perm.FAMILY_BASIC}


def households_for_user(user, need: str = Perm.FAMILY_BASIC):
    """The households the user may see at all (for search and lists)."""
    q = access.scope_filter(user, Household, need)
    for perm in _SATISFIED_BY.get(need, set()) - {need}:
        q |= access.scope_filter(user, Household, perm)
    return Household.objects.filter(q)


def _resolve_household(user, household, need: str) -> frozenset[str]:
    if household is None:
        raise Http404
    perms = access.permissions_on(user, household)
    if not perms:
        raise Http404
    if not satisfies(perms, need):
        raise PermissionDenied
    return perms


def current_purpose(request, household) -> dict | None:
    entry = request.session.get(PURPOSE_SESSION_KEY, {}).get(str(household.public_id))
    if entry and entry["until"] > time.time():
        return entry
    return None


def remember_purpose(request, household, purpose: str, override: bool) -> None:
    purposes = {
        k: v
        for k, v in request.session.get(PURPOSE_SESSION_KEY, {}).items()
        if v["until"] > time.time()
    }
    purposes[str(household.public_id)] = {
        "purpose": purpose,
        "override": override,
        "until": time.time() + PURPOSE_LIFETIME,
    }
    request.session[PURPOSE_SESSION_KEY] = purposes


_LOADERS = {
    "family": (Household, ("hub__municipality__prefecture",)),
    "consultation": (Consultation, ("household__hub__municipality", "hub__municipality")),
    "conference": (CaseConference, ("household__hub__municipality",)),
    "referral": (Referral, ("household__hub__municipality",)),
}


def _load(kind: str, key):
    model, related = _LOADERS[kind]
    return model._default_manager.select_related(*related).filter(public_id=key).first()


def household_for_user(user, public_id, need: str):
    """Return (household, perms) for a URL's family id: 404 out of scope, 403 without `need`."""
    household = _load("family", public_id)
    return household, _resolve_household(user, household, need)


def _scoped(kind: str, need: str):
    def decorator(view):
        @wraps(view)
        @two_factor_required
        def wrapper(request, *args, **kwargs):
            obj = _load(kind, kwargs.pop(f"{kind}_id"))
            if obj is None:
                raise Http404
            if kind == "consultation" and obj.household_id is None:
                # Anonymous: the hub's front desk and case workers, nobody else.
                household = None
                perms = access.permissions_on(request.user, obj.hub)
                access.resolve(obj, perms, Perm.CONSULT_ANON)
            else:
                household = obj if kind == "family" else obj.household
                perms = _resolve_household(request.user, household, need)
            request.household = household
            request.perms = perms
            request.purpose = None
            if household is not None and needs_purpose(perms):
                request.purpose = current_purpose(request, household)
                if request.purpose is None:
                    url = reverse("consultations:purpose", args=[household.public_id])
                    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
            if kind != "family":
                setattr(request, kind, obj)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def family_view(need: str):
    """Resolve `family_id` into request.household and request.perms."""
    return _scoped("family", need)


def consultation_view(need: str):
    return _scoped("consultation", need)


def conference_view(need: str):
    return _scoped("conference", need)


def referral_view(need: str):
    return _scoped("referral", need)
