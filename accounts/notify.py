"""Who is told at once when a service records a suspicion of abuse: the municipality's users who
hold `alert.view` and have an email address. The mails themselves (which name no one) belong to
the service that raises the alert."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from .models import User
from .roles import ROLES, Perm

logger = logging.getLogger(__name__)


def alert_recipients(municipality) -> list[str]:
    roles = [code for code, role in ROLES.items() if Perm.ALERT_VIEW in role.permissions]
    return sorted(
        set(
            User.objects.filter(
                is_active=True,
                role_assignments__role__in=roles,
                role_assignments__municipality=municipality,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def mail_alert_holders(municipality, subject: str, body: str, *, about: str) -> bool:
    """Mail the municipality's alert holders (a mail that must name no one). A failure is logged
    for the operators, never raised: the pages still show the alert. Returns whether it went."""
    recipients = alert_recipients(municipality)
    if not recipients:
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        logger.exception("alert email could not be sent (%s)", about)
        return False
    return True
