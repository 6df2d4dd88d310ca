"""Pages of one site (hub) for its case workers: the 支援台帳 and the follow-up list.

Every family listed is a read of its records, and audited.
"""

from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import hub_view
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.pdf import pdf_response, render_pdf
from common.services import Actor

from . import selectors
from .audit import audit_family
from .models import Risk


@hub_view(Perm.RECORD_VIEW)
@two_factor_required
def register(request, fmt="html"):
    """支援台帳: every pregnant woman and mother known to the site; page or printable PDF."""
    hub = request.hub
    risk = request.GET.get("risk", "")
    entries = selectors.register_entries(hub, risk)
    for household in {e.household_id: e.household for e in entries}.values():
        audit_family(Actor.of(request), household, detail={"via": "支援台帳", "format": fmt})
    context = {
        "hub": hub,
        "entries": entries,
        "today": timezone.localdate(),
        "risk": risk,
        "risks": Risk.choices,
    }
    if fmt == "pdf":
        pdf = render_pdf("consultations/register_pdf.html", context)
        return pdf_response(pdf, f"支援台帳_{hub.name}.pdf")
    return render(request, "consultations/register.html", context)


@hub_view(Perm.RECORD_VIEW)
@two_factor_required
def worklist(request):
    """What the site's case workers should follow up."""
    hub = request.hub
    today = timezone.localdate()
    work = selectors.worklist(hub, today)
    for household in work.households():
        audit_family(Actor.of(request), household, detail={"via": "worklist"})
    return render(
        request,
        "consultations/worklist.html",
        {
            "hub": hub,
            "today": today,
            "follow_ups": work.follow_ups,
            "reviews": work.reviews,
            "referrals": work.referrals,
            "births": work.births,
        },
    )
