"""The service contract every app's services follow (see docs/architecture.md).

- A service takes data as keyword-only, typed arguments: never a form or a request.
- Who acts, and from where, travels as an `Actor`: the audit log and the lock need nothing more
  of a request.
- A refusal the user can act on is a `ServiceError`, whose message is one of the constants
  defined beside the service (so tests assert the very text users see). It is a Django
  ValidationError, so a view can hand it to `form.add_error(None, error)`.
"""

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError

from .net import client_ip


class ServiceError(ValidationError):
    """A write refused for a reason the user can act on; `str()` is the Japanese message."""

    def __str__(self) -> str:
        return " ".join(self.messages)


@dataclass(frozen=True)
class Actor:
    """The account that acts and where it acts from; `user` is None for the system itself."""

    user: Any = None
    ip_address: str | None = None
    purpose: str = ""  # the stated 利用目的, for reads of personal records
    consent_override: bool = False  # the reader went on without consent to reading

    @classmethod
    def of(cls, request, user=None) -> "Actor":
        """The actor of a request (after a view decorator has set the stated purpose); `user`
        names the account where the request does not yet (a login signal)."""
        if request is None:
            return cls(user=user)
        stated = getattr(request, "purpose", None) or {}
        return cls(
            user=user if user is not None else getattr(request, "user", None),
            ip_address=client_ip(request),
            purpose=stated.get("purpose", ""),
            consent_override=bool(stated.get("override")),
        )

    def stating(self, purpose: str) -> "Actor":
        return replace(self, purpose=purpose)
