"""What a hub sees of a centre that sits there: for its staff, whether a family they name is a
member (its kind and whether it is active), nothing more; for its 利用者支援 specialist, the
centre's 心配なケース the family agreed to share, and a count of the others. Each read is audited."""

from django import forms
from django.shortcuts import render
from django.utils import timezone

from accounts.access import within
from accounts.decorators import hub_view
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.forms import NormalisedFormMixin
from common.japanese import normalize_kana
from common.services import Actor

from .models import Centre, Concern, Member
from .scoping import audit_member
from .selectors import STATUS_LABELS, status_on


class MembershipForm(NormalisedFormMixin, forms.Form):
    kana = forms.CharField(
        label="ふりがな（姓名とも）", max_length=100, help_text="例: やまだ はなこ（姓と名の全部）"
    )
    phone = forms.CharField(label="電話番号（分かれば）", max_length=20, required=False)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@hub_view(Perm.MEMBERSHIP_CHECK)
@two_factor_required
def hub_membership(request):
    hub = request.hub
    centres = list(within(hub.municipality, Centre).filter(hub=hub))
    form = MembershipForm(request.GET or None)
    answers = None
    if centres and form.is_bound and form.is_valid():
        kana = normalize_kana(form.cleaned_data["kana"])
        found = within(centres, Member).filter(kana=kana).select_related("centre")
        phone = _digits(form.cleaned_data["phone"])
        today = timezone.localdate()
        answers = []
        for member in found.prefetch_related("status_changes"):
            if phone and _digits(member.phone) != phone:
                continue
            status = status_on(list(member.status_changes.all()), today)
            answers.append((member.centre.name, member.kind_label, STATUS_LABELS[status]))
            audit_member(Actor.of(request), member, detail={"via": "hub_membership"})
    return render(
        request,
        "famisapo/hub_membership.html",
        {"hub": hub, "centres": centres, "form": form, "answers": answers},
    )


@hub_view(Perm.RECORD_VIEW)
@two_factor_required
def hub_concerns(request):
    """心配なケース from the centres at this hub, for its 利用者支援 specialist: in full where the
    family consented to the sharing, as a count where it did not. Each one shown is audited."""
    hub = request.hub
    centres = list(within(hub.municipality, Centre).filter(hub=hub))
    concerns = (
        within(centres, Concern)
        .select_related("activity__requester", "activity__centre")
        .prefetch_related("activity__children")
        .order_by("handled_on", "-abuse_suspected", "-recorded_at")
    )
    shared = [c for c in concerns if c.family_consents]
    withheld = [c for c in concerns if not c.family_consents]
    for concern in shared:
        audit_member(
            Actor.of(request), concern.activity.requester, obj=concern, detail={"via": "hub"}
        )
    return render(
        request,
        "famisapo/hub_concerns.html",
        {
            "hub": hub,
            "centres": centres,
            "shared": shared,
            "withheld": len(withheld),
            "withheld_open": sum(1 for c in withheld if c.handled_on is None),
            "withheld_abuse": sum(1 for c in withheld if c.abuse_suspected),
        },
    )
