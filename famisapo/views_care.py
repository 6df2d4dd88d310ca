"""Incidents for the 補償保険 and 心配なケース: recorded by the coordinator, kept with the activity."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.forms import NormalisedFormMixin
from common.services import Actor, ServiceError

from . import selectors_activities as sel
from . import services_care as services
from .models import Incident, ReportedTo
from .scoping import centre_view
from .views_activities import activity_view

DATE = forms.DateInput(attrs={"type": "date"})


class IncidentForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["occurred_on", "kind", "what_happened", "arranged", "claimed_on"]
        widgets = {
            "occurred_on": DATE,
            "claimed_on": DATE,
            "what_happened": forms.Textarea(attrs={"rows": 3}),
        }


class ConcernForm(NormalisedFormMixin, forms.Form):
    noticed = forms.CharField(
        label="提供会員が気になったこと", widget=forms.Textarea(attrs={"rows": 3})
    )
    abuse_suspected = forms.BooleanField(label="虐待の疑いがある", required=False)
    family_consents = forms.BooleanField(
        label="家庭が利用者支援専門員への共有に同意した", required=False
    )


class HandleForm(NormalisedFormMixin, forms.Form):
    on = forms.DateField(label="対応日", widget=DATE)
    reported_to = forms.ChoiceField(
        label="通告先（虐待の疑いのとき）",
        choices=[("", "―"), *ReportedTo.choices],
        required=False,
    )
    handling = forms.CharField(
        label="対応（つないだ先など）", widget=forms.Textarea(attrs={"rows": 2})
    )


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def incidents(request):
    centre = request.centre
    form = IncidentForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST":
        if Perm.MEMBER_EDIT not in request.perms:
            raise Http404
        if form.is_valid():
            try:
                services.record_incident(
                    centre=centre, activity=None, actor=Actor.of(request), **form.cleaned_data
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "事故を記録しました。請求の期限を確かめてください。")
                return redirect(reverse("famisapo:incidents", args=[centre.public_id]))
    return render(
        request,
        "famisapo/incidents.html",
        {
            "centre": centre,
            "rows": sel.incidents(centre),
            "form": form,
            "today": timezone.localdate(),
            "granted": request.perms,
        },
    )


@activity_view(Perm.MEMBER_EDIT)
def concern_new(request):
    activity = request.activity
    form = ConcernForm(request.POST or None, initial={"noticed": activity.concerns})
    if request.method == "POST" and form.is_valid():
        concern = services.record_concern(
            activity=activity, actor=Actor.of(request), **form.cleaned_data
        )
        if concern.abuse_suspected:
            messages.warning(
                request,
                "虐待の疑いとして記録しました。市町村の虐待対応の窓口（または児童相談所）へすぐに連絡し、対応を記録してください。",
            )
        else:
            messages.success(request, "心配なケースとして記録しました。")
        return redirect(reverse("famisapo:activity", args=[activity.public_id]))
    context = {"member": activity.requester, "form": form, "title": "心配なケース"}
    return render(request, "famisapo/member_form.html", context)


@activity_view(Perm.MEMBER_EDIT)
@require_POST
def concern_handle(request, pk):
    activity = request.activity
    concern = activity.worries.filter(pk=pk).first()
    if concern is None:
        raise Http404
    form = HandleForm(request.POST)
    if form.is_valid():
        try:
            services.handle_concern(concern=concern, actor=Actor.of(request), **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "対応を記録しました。")
    else:
        messages.error(request, "対応日と対応を入れてください。")
    return redirect(reverse("famisapo:activity", args=[activity.public_id]))


@municipality_view(Perm.ALERT_VIEW)
def municipality_alerts(request):
    """The officer's list of suspicions of abuse from the centres: open ones first. No names:
    who the family is stays with the centre (and, where the family is known there, with the
    hub's 利用者支援 specialist)."""
    municipality = request.municipality
    open_rows, handled = sel.abuse_concerns(municipality)
    return render(
        request,
        "famisapo/municipality_alerts.html",
        {"municipality": municipality, "open": open_rows, "handled": handled},
    )
