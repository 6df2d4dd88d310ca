"""Login, logout and failed logins go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from common.services import Actor

from .audit import audit_record
from .models import AuditEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["login_at"] = timezone.now().timestamp()
    audit_record(action=AuditEvent.Action.LOGIN, actor=Actor.of(request, user=user))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, actor=Actor.of(request, user=user))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the username is kept: never the password that was tried.
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor=Actor.of(request),
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        action=AuditEvent.Action.LOCKED_OUT, actor=Actor.of(request), username=username or ""
    )
