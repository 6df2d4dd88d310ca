"""The municipal officer's settings of a centre: its dated rules and fee schedules.

Both are dated rows: a change is a new row from a date, so what applied to past activities stays
as it was (each activity also keeps the fee it was charged, line by line).
"""

import json

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.forms import NormalisedFormMixin
from common.services import Actor

from . import disposal
from .fees import FeeInputError, read_schedule
from .models import CentreRules, FeeScheduleRow
from .scoping import centre_view

DATE = forms.DateInput(attrs={"type": "date"})
ERR_SAME_DAY = "同じ適用開始日の行が既にあります。別の日付にしてください。"


class RulesForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = CentreRules
        fields = [
            "valid_from",
            "child_min_months",
            "child_max_school_year",
            "renews_yearly",
            "meeting_each_fiscal_year",
            "meeting_each_kind",
            "report_deadline_day",
            "safety_course_years",
            "request_lead_hours",
            "member_retention_years",
            "note",
        ]
        widgets = {"valid_from": DATE}


class FeeScheduleForm(forms.Form):
    valid_from = forms.DateField(label="適用開始日", widget=DATE)
    data = forms.CharField(
        label="料金表（JSON）",
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text="形式は docs/famisapo.md のとおりです（valid_from はここでは書きません）。",
    )

    def clean(self):
        cleaned = super().clean()
        text, day = cleaned.get("data"), cleaned.get("valid_from")
        if text is None or day is None:
            return cleaned
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"{error.lineno}行目 {error.colno}列目: JSON として読めません。"
            ) from None
        if not isinstance(data, dict):
            raise forms.ValidationError("料金表はオブジェクト（{…}）で書いてください。")
        data.pop("valid_from", None)
        try:
            read_schedule(data | {"valid_from": day.isoformat()}, "料金表")
        except FeeInputError as error:
            raise forms.ValidationError(str(error)) from None
        cleaned["parsed"] = data
        return cleaned


def _add(request, form, make, what: str):
    try:
        with transaction.atomic():
            row = make()
            audit_record(
                action=AuditEvent.Action.CREATE,
                actor=Actor.of(request),
                obj=row,
                municipality_code=request.centre.municipality.code,
            )
    except IntegrityError:
        form.add_error("valid_from", ERR_SAME_DAY)
        return None
    messages.success(request, f"{what}（{row.valid_from:%Y年%m月%d日}から）を登録しました。")
    return redirect(reverse("famisapo:settings", args=[request.centre.public_id]))


@centre_view(Perm.CENTRE_SETTINGS)
def centre_settings(request):
    centre = request.centre
    rules_form = RulesForm(
        request.POST if request.POST.get("form") == "rules" else None, prefix="rules"
    )
    fee_form = FeeScheduleForm(
        request.POST if request.POST.get("form") == "fees" else None, prefix="fees"
    )
    if request.method == "POST" and rules_form.is_bound and rules_form.is_valid():
        rules_form.instance.centre = centre
        done = _add(request, rules_form, rules_form.save, "運用ルール")
        if done:
            return done
    if request.method == "POST" and fee_form.is_bound and fee_form.is_valid():
        data = fee_form.cleaned_data
        done = _add(
            request,
            fee_form,
            lambda: FeeScheduleRow.objects.create(
                centre=centre, valid_from=data["valid_from"], data=data["parsed"]
            ),
            "利用料金表",
        )
        if done:
            return done
    return render(
        request,
        "famisapo/settings.html",
        {
            "centre": centre,
            "rules": within(centre, CentreRules).order_by("-valid_from"),
            "schedules": [
                (row, json.dumps(row.data, ensure_ascii=False, indent=2))
                for row in within(centre, FeeScheduleRow).order_by("-valid_from")
            ],
            "rules_form": rules_form,
            "fee_form": fee_form,
            "disposal": disposal.due(centre),
            "may_dispose": Perm.RETENTION_MANAGE in request.perms,
        },
    )


@centre_view(Perm.RETENTION_MANAGE)
@require_POST
def dispose_members(request):
    """Approve the disposal of what is due: the approver is the officer who presses the button."""
    centre = request.centre
    if request.POST.get("confirm") != "yes":
        messages.error(request, "廃棄の内容を確かめ、「確認しました」にチェックしてください。")
    else:
        count = disposal.dispose(centre, actor=Actor.of(request))
        if count:
            messages.success(request, f"退会した会員 {count}人の記録から、氏名などを消しました。")
        else:
            messages.info(request, "廃棄の対象はありませんでした。")
    return redirect(reverse("famisapo:settings", args=[centre.public_id]) + "#disposal")
