"""Editing master data in the app: the hub itself and its services (municipal officers,
hub.edit), its staff members with their qualifications, assignments, work experience and training
(staff.edit). A staff member is reached through an assignment at the hub in the URL: one the hub
never had is 404 there."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.access import within
from accounts.decorators import hub_view
from accounts.roles import Perm
from common.services import Actor, ServiceError

from . import forms_master as forms
from . import services_master as services
from .models import (
    Assignment,
    HubService,
    Qualification,
    StaffMember,
    TrainingExemption,
    TrainingRecord,
    WorkExperience,
)


def _form_page(request, form, *, title, back, instance=None, can_delete=False):
    """Save the bound form's row (audited) or show it again with the reasons; delete on request."""
    before = None
    if instance is not None and instance.pk is not None:
        before = services.values_of(instance, form.Meta.fields)
    refused = ""
    if request.method == "POST" and request.POST.get("delete") == "yes" and can_delete:
        try:
            services.record_delete(instance, actor=Actor.of(request))
        except ServiceError as refusal:
            refused = str(refusal)
        else:
            messages.success(request, f"{title}: 削除しました。")
            return redirect(back)
    elif request.method == "POST" and form.is_valid():
        try:
            services.record_save(form.instance, before=before, actor=Actor.of(request))
        except ServiceError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, f"{title}: 保存しました。")
            return redirect(back)
    context = {
        "hub": request.hub,
        "form": form,
        "title": title,
        "back": back,
        "refused": refused,
        "can_delete": can_delete and instance is not None and instance.pk is not None,
    }
    failed = refused or (form.is_bound and form.errors)
    return render(request, "hubs/master_form.html", context, status=400 if failed else 200)


def _posted(request):
    """The form's data: what was posted, unless it is the delete button's post."""
    if request.method != "POST" or request.POST.get("delete") == "yes":
        return None
    return request.POST


def _hub_page(request) -> str:
    return reverse("hubs:detail", args=[request.hub.public_id])


@hub_view(Perm.HUB_EDIT)
def hub_edit(request):
    hub = request.hub
    instance = within(hub.municipality, type(hub)).get(pk=hub.pk)  # the form edits its own copy
    form = forms.HubForm(request.POST or None, instance=instance)
    return _form_page(
        request, form, title=f"拠点「{hub.name}」", back=_hub_page(request), instance=hub
    )


def _service(request, pk):
    service = within(request.hub, HubService).filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


@hub_view(Perm.HUB_EDIT)
def service_add(request):
    form = forms.HubServiceForm(request.POST or None, hub=request.hub)
    return _form_page(request, form, title="実施事業の追加", back=_hub_page(request))


@hub_view(Perm.HUB_EDIT)
def service_edit(request, pk: int):
    service = _service(request, pk)
    form = forms.HubServiceForm(_posted(request), instance=_service(request, pk), hub=request.hub)
    title = f"実施事業「{service.get_kind_display()}」"
    return _form_page(
        request, form, title=title, back=_hub_page(request), instance=service, can_delete=True
    )


# Staff ---------------------------------------------------------------------------------------


def _staff_of_hub(request, staff_id) -> StaffMember:
    """A staff member with (or once with) an assignment at this hub; otherwise 404."""
    assignment = (
        within(request.hub, Assignment)
        .filter(staff__public_id=staff_id)
        .select_related("staff__municipality")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment.staff


def _staff_page(request, staff) -> str:
    return reverse("hubs:staff_member", args=[request.hub.public_id, staff.public_id])


@hub_view(Perm.STAFF_VIEW)
def staff_member(request, staff_id):
    staff = _staff_of_hub(request, staff_id)
    context = {
        "hub": request.hub,
        "staff": staff,
        "assignments": within(request.hub, Assignment)
        .filter(staff=staff)
        .select_related("service")
        .order_by("-started_on"),
        "qualifications": staff.qualifications.all(),
        "experiences": staff.experiences.order_by("-started_on"),
        "training": staff.training.select_related("course").order_by("-completed_on"),
        "exemptions": staff.exemptions.all(),
        "can_edit": Perm.STAFF_EDIT in request.perms,
    }
    return render(request, "hubs/staff_member.html", context)


@hub_view(Perm.STAFF_EDIT)
def staff_add(request):
    hub = request.hub
    form = forms.NewStaffForm(request.POST or None, hub=hub)
    back = reverse("hubs:staff", args=[hub.public_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = Assignment(
            hub=hub,
            service=data["service"],
            role=data["role"],
            dedicated=data["dedicated"],
            full_time=data["full_time"],
            started_on=data["started_on"],
        )
        try:
            staff = services.staff_create(
                staff=form.instance, assignment=assignment, actor=Actor.of(request)
            )
        except ServiceError as refusal:
            form.add_error(None, refusal)
        except ValidationError as invalid:
            form.add_error(None, invalid.messages)
        else:
            messages.success(request, f"職員「{staff.name}」を登録しました。")
            return redirect(_staff_page(request, staff))
    context = {"hub": hub, "form": form, "title": "職員の登録", "back": back}
    return render(request, "hubs/master_form.html", context, status=400 if form.errors else 200)


@hub_view(Perm.STAFF_EDIT)
def staff_member_edit(request, staff_id):
    staff = _staff_of_hub(request, staff_id)
    form = forms.StaffMemberForm(request.POST or None, instance=_staff_of_hub(request, staff_id))
    return _form_page(
        request,
        form,
        title=f"職員「{staff.name}」",
        back=_staff_page(request, staff),
        instance=staff,
    )


@dataclass(frozen=True)
class Part:
    """One kind of row kept under a staff member."""

    label: str
    model: type
    form: type
    rows: str  # the StaffMember's related manager, or "assignments" (this hub's only)
    needs_hub: bool = False


PARTS = {
    "qualifications": Part("資格", Qualification, forms.QualificationForm, "qualifications"),
    "assignments": Part("配置", Assignment, forms.AssignmentForm, "assignments", needs_hub=True),
    "experience": Part("職歴", WorkExperience, forms.WorkExperienceForm, "experiences"),
    "training": Part("研修の受講", TrainingRecord, forms.TrainingRecordForm, "training"),
    "exemptions": Part(
        "研修の受講を要しない場合", TrainingExemption, forms.TrainingExemptionForm, "exemptions"
    ),
}


def _part(kind: str) -> Part:
    if kind not in PARTS:
        raise Http404
    return PARTS[kind]


def _part_form(request, part: Part, staff, instance):
    kwargs: dict = {"hub": request.hub, "staff": staff} if part.needs_hub else {"staff": staff}
    return part.form(_posted(request), instance=instance, **kwargs)


def _row(request, kind: str, staff, pk: int):
    if kind == "assignments":
        rows = within(request.hub, Assignment).filter(staff=staff)
    else:
        rows = getattr(staff, PARTS[kind].rows).all()
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


@hub_view(Perm.STAFF_EDIT)
def staff_part_add(request, staff_id, kind: str):
    part = _part(kind)
    staff = _staff_of_hub(request, staff_id)
    form = _part_form(request, part, staff, part.model())
    title = f"{staff.name}さんの{part.label}の追加"
    return _form_page(request, form, title=title, back=_staff_page(request, staff))


@hub_view(Perm.STAFF_EDIT)
def staff_part_edit(request, staff_id, kind: str, pk: int):
    part = _part(kind)
    staff = _staff_of_hub(request, staff_id)
    row = _row(request, kind, staff, pk)
    form = _part_form(request, part, staff, _row(request, kind, staff, pk))
    title = f"{staff.name}さんの{part.label}（{row}）"
    return _form_page(
        request,
        form,
        title=title,
        back=_staff_page(request, staff),
        instance=row,
        can_delete=True,
    )
