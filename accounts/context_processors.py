"""What the signed-in user may open, for links in templates (breadcrumbs above all): a link is
shown only to a page the user can open; otherwise its name stays as text. Computed on first use."""

from functools import cached_property

from . import access
from .roles import Perm


class Reach:
    def __init__(self, user):
        self.user = user

    @cached_property
    def municipalities(self) -> set[str]:
        """Codes of the municipalities whose page (portal:municipality) the user can open."""
        if not self.user.is_authenticated:
            return set()
        return set(
            access.scoped(
                self.user, access.tenant_model("municipality"), Perm.HUB_VIEW
            ).values_list("code", flat=True)
        )

    @cached_property
    def hubs(self) -> set:
        """Public ids of the hubs whose page (hubs:detail) the user can open."""
        if not self.user.is_authenticated:
            return set()
        return set(
            access.scoped(self.user, access.tenant_model("hub"), Perm.HUB_VIEW).values_list(
                "public_id", flat=True
            )
        )


def reach(request):
    return {"reach": Reach(request.user)}
