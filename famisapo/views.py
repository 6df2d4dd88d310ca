"""The centre's pages: its figures, its members (personal data, audited) and their training."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import within
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.japanese import fiscal_year_of, normalize_kana
from common.services import Actor, ServiceError
from families import registry

from . import selectors, services
from .forms import HelperForm, MemberForm, StatusForm, TrainingForm
from .models import Activity, HelperProfile, Member, MemberKind
from .scoping import audit_member, centre_view, member_view

PAGE_SIZE = 50


def member_url(member) -> str:
    return reverse("famisapo:member", args=[member.public_id])


@centre_view(Perm.CENTRE_VIEW)
def centre_detail(request):
    """Counts only (no names): the municipal officer sees this page too."""
    centre = request.centre
    today = timezone.localdate()
    rows = selectors.member_rows(centre, today)
    counts = selectors.counts(rows)
    kinds = [
        (centre.kind_label(k), counts["registered"][k], counts["active"][k])
        for k in MemberKind.values
    ]
    return render(
        request,
        "famisapo/centre.html",
        {
            "centre": centre,
            "granted": request.perms,
            "kinds": kinds,
            "counts": counts,
            "expiring_count": len(selectors.expiring(rows, today)),
            "rules": selectors.rules_on(centre, today),
            "fee_schedules": selectors.fee_schedules(centre),
            "today": today,
            "fiscal_year": fiscal_year_of(today),
        },
    )


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def member_list(request):
    centre = request.centre
    today = timezone.localdate()
    members = within(centre, Member)
    kind = request.GET.get("kind", "")
    if kind in MemberKind.values:
        members = members.filter(kind=kind)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        kana = normalize_kana(query)
        members = members.filter(Q(kana__contains=kana) | Q(name__contains=query) | Q(number=query))
    page = Paginator(members.order_by("kana", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.member_rows(centre, today, members.filter(pk__in=[m.pk for m in page]))
    for row in rows:  # names on a list are a read of each member shown
        audit_member(Actor.of(request), row.member, detail={"via": "list"})
    return render(
        request,
        "famisapo/members.html",
        {
            "centre": centre,
            "rows": rows,
            "page": page,
            "kind": kind,
            "query": query,
            "kinds": [(k, centre.kind_label(k)) for k in MemberKind.values],
            "granted": request.perms,
        },
    )


@centre_view(Perm.MEMBER_EDIT)
@two_factor_required
def member_new(request):
    centre = request.centre
    form = MemberForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["kind"] != "helper":
        # Search before create across services: the household may be in the register already.
        found = registry.same_family(
            centre.municipality, kana=form.cleaned_data["kana"], phone=form.cleaned_data["phone"]
        )
        if found:
            form = MemberForm(request.POST, centre=centre, families=found)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "same_family"}
        try:
            member = services.register_member(
                centre=centre,
                data=services.MemberData(**fields),
                actor=Actor.of(request),
                family=form.chosen_family(),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{member.kind_label} {member.number} {member.name} さんを登録しました。"
            )
            return redirect(member_url(member))
    return render(request, "famisapo/member_new.html", {"centre": centre, "form": form})


@member_view(Perm.MEMBER_VIEW)
def member_detail(request):
    member = request.member
    today = timezone.localdate()
    [row] = selectors.member_rows(
        member.centre, today, within(member.centre, Member).filter(pk=member.pk)
    )
    audit_member(Actor.of(request), member)
    return render(
        request,
        "famisapo/member.html",
        {
            "member": member,
            "centre": member.centre,
            "row": row,
            "safety": [(s, s.state_label(today)) for s in row.training.safety]
            if row.training
            else [],
            "changes": member.status_changes.all(),
            "profile": getattr(member, "helper_profile", None) if member.helps else None,
            "availability": member.availability.all(),
            "children": member.children.all(),
            "requests": member.requests.order_by("-date", "-start")[:20],
            "activities": within(member.centre, Activity)
            .filter(Q(requester=member) | Q(helper=member))
            .select_related("requester", "helper")
            .order_by("-date", "-start")[:20],
            "records": member.training_records.order_by("-taken_on", "-id"),
            "across": registry.known_elsewhere(request.user, member.family, Member),
            "granted": request.perms,
            "today": today,
        },
    )


@member_view(Perm.MEMBER_EDIT)
def member_status(request):
    member = request.member
    form = StatusForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(member=member, actor=Actor.of(request), **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "会員の状態を記録しました。")
            return redirect(member_url(member))
    return render(
        request,
        "famisapo/member_form.html",
        {"member": member, "form": form, "title": "会員の状態の変更"},
    )


@member_view(Perm.MEMBER_EDIT)
def training_new(request):
    member = request.member
    form = TrainingForm(
        request.POST or None,
        curricula=selectors.curricula(member.centre),
        initial={"taken_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_training(
                member=member,
                subject=data["subject"],
                kind=form.kinds[data["subject"]],
                hours=data["hours"],
                taken_on=data["taken_on"],
                run_by=data["run_by"],
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{data['subject']} の受講を記録しました。")
            return redirect(member_url(member))
    return render(
        request,
        "famisapo/member_form.html",
        {"member": member, "form": form, "title": "受講の記録"},
    )


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def expiring(request):
    """Helpers whose 緊急救命・事故防止講習 expire within 3 months, have expired or are missing."""
    centre = request.centre
    today = timezone.localdate()
    due = selectors.expiring(selectors.member_rows(centre, today), today)
    for row, _ in due:
        audit_member(Actor.of(request), row.member, detail={"via": "expiring"})
    return render(request, "famisapo/expiring.html", {"centre": centre, "due": due, "today": today})


@member_view(Perm.MEMBER_EDIT)
def helper_edit(request):
    """What a 提供会員 can do, the areas they help in and their weekly times."""
    member = request.member
    if not member.helps:
        raise Http404
    profile = getattr(member, "helper_profile", None) or HelperProfile(member=member)
    form = HelperForm(request.POST or None, instance=profile, slots=member.availability.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.update_helper(
                member=member,
                profile=form.save(commit=False),
                slots=form.cleaned_data["slots"],
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "援助できることと時間を記録しました。")
            return redirect(member_url(member))
    audit_member(Actor.of(request), member, detail={"via": "helper_edit"})
    return render(request, "famisapo/helper_form.html", {"member": member, "form": form})
