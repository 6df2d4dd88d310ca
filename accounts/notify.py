"""Who is told at once when a service records a suspicion of abuse: the municipality's users who
hold `alert.view` and have an email address. The mails themselves (which name no one) belong to
the service that raises the alert."""

from .models import User
from .roles import ROLES, Perm


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
