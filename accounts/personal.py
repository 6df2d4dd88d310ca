"""Personal-data access: one mechanism for every app's record views.

A *subject* is the record that carries people's data and decides who may read it (the household
of consultations today; ファミサポ's members next). An app describes its subjects once with a
`RecordAccess` and gets from it:

- `view(...)`: the view decorator. The session must be two-factor verified; the object named in
  the URL is resolved through `accounts.access` (outside scope → 404, inside without the need →
  403); a user who reaches the subject only as a municipal officer must have stated a purpose
  (利用目的) that has not expired, or is sent to the app's purpose page and back.
- `accept_purpose(...)`: what the purpose page does with the officer's answer, including the
  override when the family has not consented to reading (only with `Perm.CONSENT_OVERRIDE`, and
  only when the officer ticks the box).
- `audit_read(...)`: the audit row of a read, written in the request's transaction (with
  ATOMIC_REQUESTS a failed write fails the read: security checklist B1). It carries the stated
  purpose and marks an override.

The app keeps what is its own: which permissions satisfy a need, how to find the subject of a
record, and what counts as consent to reading.
"""

import operator
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import reduce, wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from common.scoping import mark_scoped
from common.services import Actor

from . import access
from .audit import audit_record
from .models import AuditEvent
from .roles import Perm
from .two_factor import two_factor_required

PURPOSE_SESSION_KEY = "record_purposes"
PURPOSE_LIFETIME = 30 * 60  # seconds: one sitting, as the idle session limit

OVERRIDE_UNTICKED = "閲覧の承諾がない世帯です。確認のうえチェックしてください。"


def current_purpose(request, subject) -> dict | None:
    """The purpose stated for `subject` in this session, while it has not expired."""
    entry = request.session.get(PURPOSE_SESSION_KEY, {}).get(str(subject.public_id))
    if entry and entry["until"] > time.time():
        return entry
    return None


def remember_purpose(request, subject, purpose: str, override: bool) -> None:
    """Keep the stated purpose for one sitting; expired entries are dropped on the way."""
    purposes = {
        k: v
        for k, v in request.session.get(PURPOSE_SESSION_KEY, {}).items()
        if v["until"] > time.time()
    }
    purposes[str(subject.public_id)] = {
        "purpose": purpose,
        "override": override,
        "until": time.time() + PURPOSE_LIFETIME,
    }
    request.session[PURPOSE_SESSION_KEY] = purposes


def audit_read(
    actor: Actor,
    subject,
    *,
    municipality_code: str,
    label: str,
    action: str = AuditEvent.Action.VIEW,
    obj: Model | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Audit one read (or write) of `obj`, a record of `subject`, in the caller's transaction.

    No names in the audit log: it outlives the records, so it names the record by type and id
    only (`label`, e.g. the household's short id); the breach report resolves ids while records
    exist.
    """
    extra = dict(detail or {})
    if actor.consent_override:
        extra["consent_override"] = True
    obj = obj if obj is not None else subject
    return audit_record(
        action=action,
        actor=actor,
        object_type=obj._meta.label,
        object_id=str(getattr(obj, "public_id", None) or obj.pk),
        object_repr=f"{obj._meta.verbose_name} {label}",
        detail=extra,
        subject_id=subject.public_id,
        municipality_code=municipality_code,
        purpose=actor.purpose,
    )


@dataclass(frozen=True)
class RecordAccess:
    """Who reaches one kind of subject, and how.

    `model` is the subject's model (it declares `scope_paths` like every tenant-owned model).
    `satisfied_by` maps a need to the permissions that satisfy it (e.g. reading records is
    allowed to site staff with record.view and, with a stated purpose, to officers with
    record.view_purpose). `purpose_url` names the app's purpose page, which takes the subject's
    public id.
    """

    model: type[Model]
    purpose_url: str
    satisfied_by: Mapping[str, frozenset[str]] = field(default_factory=dict)
    purpose_perm: str = Perm.RECORD_VIEW_PURPOSE
    direct_perms: frozenset[str] = frozenset()
    subject_attr: str = "subject"

    def satisfies(self, perms: frozenset[str], need: str) -> bool:
        return bool(perms & self.satisfied_by.get(need, frozenset({need})))

    def needs_purpose(self, perms: frozenset[str]) -> bool:
        """True when the user reaches the subject only through the purpose permission."""
        return self.purpose_perm in perms and not perms & self.direct_perms

    def for_user(self, user, need: str) -> QuerySet:
        """The subjects the user may reach with `need` (for search and lists)."""
        filters = [
            access.scope_filter(user, self.model, perm)
            for perm in sorted(self.satisfied_by.get(need, frozenset({need})))
        ]
        rows = mark_scoped(self.model._default_manager.all())
        if any(not q for q in filters):  # an empty Q is the superuser's "everything"
            return rows
        return rows.filter(reduce(operator.or_, filters))

    def resolve(self, user, subject, need: str) -> frozenset[str]:
        """The user's permissions on `subject`: 404 out of scope, 403 without `need`."""
        if subject is None:
            raise Http404
        perms = access.permissions_on(user, subject)
        if not perms:
            raise Http404
        if not self.satisfies(perms, need):
            raise PermissionDenied
        return perms

    def purpose_redirect(self, request, subject):
        url = reverse(self.purpose_url, args=[subject.public_id])
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")

    def accept_purpose(
        self,
        request,
        subject,
        perms: frozenset[str],
        *,
        purpose: str,
        override_ticked: bool,
        reading_consented: bool,
    ) -> str | None:
        """Remember the stated purpose, or return why not (a message for the override box).

        Without consent to reading, only a holder of `Perm.CONSENT_OVERRIDE` may go on (403
        otherwise), and only by ticking the override; the override is then audited with every
        read of the sitting.
        """
        override = not reading_consented
        if override:
            if Perm.CONSENT_OVERRIDE not in perms:
                raise PermissionDenied
            if not override_ticked:
                return OVERRIDE_UNTICKED
        remember_purpose(request, subject, purpose, override)
        return None

    def view(
        self,
        need: str,
        *,
        url_kwarg: str,
        queryset: Callable[[], QuerySet],
        subject: Callable[[Any], Model | None] = lambda obj: obj,
        attr: str | None = None,
        without_subject: Callable[[Any, Any], frozenset[str]] | None = None,
    ):
        """Decorate a view of one record named by `url_kwarg` (its public id).

        Sets request.<attr> (when given) to the record, request.<subject_attr> and request.perms, and
        request.purpose to the stated purpose (None when none is needed). A record whose
        `subject(record)` is None is judged by `without_subject(user, record)`, which returns
        the perms or raises (an anonymous consultation has no household).
        """

        def decorator(view):
            @wraps(view)
            @two_factor_required
            def wrapper(request, *args, **kwargs):
                records = queryset()
                obj = mark_scoped(
                    records.filter(
                        access.scope_filter(request.user, records.model),
                        public_id=kwargs.pop(url_kwarg),
                    )
                ).first()
                if obj is None:
                    raise Http404
                owner = subject(obj)
                if owner is None and without_subject is not None:
                    perms = without_subject(request.user, obj)
                else:
                    perms = self.resolve(request.user, owner, need)
                setattr(request, self.subject_attr, owner)
                request.perms = perms
                request.purpose = None
                if owner is not None and self.needs_purpose(perms):
                    request.purpose = current_purpose(request, owner)
                    if request.purpose is None:
                        return self.purpose_redirect(request, owner)
                if attr is not None:
                    setattr(request, attr, obj)
                return view(request, *args, **kwargs)

            return wrapper

        return decorator
