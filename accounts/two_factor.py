"""Two-factor login (TOTP with backup codes) for everyone who can open a family's data.

A password-only session can use the rest of Kyoten, but every view that shows a family goes
through `two_factor_required`, which sends the user to enter a code (or to register an
authenticator first). django-otp's middleware marks the session verified.
"""

import base64
from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from . import access
from .roles import PERSONAL_PERMS, ROLES


def needs_two_factor(user) -> bool:
    """True when any of the user's roles reaches personal data of families."""
    if user.is_superuser:
        return True
    return any(ROLES[a.role].permissions & PERSONAL_PERMS for a in access.assignments(user))


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def verify_url(user, next_url: str) -> str:
    name = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def two_factor_required(view):
    """Refuse a password-only session: send it to the code page, then back here."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and needs_two_factor(user) and not is_verified(user):
            return redirect(verify_url(user, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def base32_secret(hex_key: str) -> str:
    """The secret as an authenticator app shows and accepts it (base32, no padding)."""
    return base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
