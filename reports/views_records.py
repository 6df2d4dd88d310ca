"""The officer's record of a hub's 年度: the facts the 加算 and 基本事業③ are decided from."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.access import within
from accounts.decorators import hub_view
from accounts.roles import Perm
from common.japanese import fiscal_year_label
from common.services import Actor, ServiceError

from .eligibility.facts import services_in_year
from .forms_records import HubYearRecordForm
from .models_records import HubYearRecord
from .services import year_record_save


@hub_view(Perm.HUB_EDIT)
def eligibility_record(request, fiscal_year: int):
    """Record what the hub did in the 年度 that no other record holds (audited; locked years refuse)."""
    if not 2000 <= fiscal_year <= 2100:
        raise Http404
    hub = request.hub
    record = within(hub, HubYearRecord).filter(fiscal_year=fiscal_year).first()
    form = HubYearRecordForm(
        request.POST or None,
        instance=record,
        hub=hub,
        fiscal_year=fiscal_year,
        services=services_in_year(hub, fiscal_year),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                year_record_save(form=form, actor=Actor.of(request))
            except ServiceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "この年度の記録を保存しました。判定に反映しています。")
                return redirect(
                    "reports:eligibility_hub", hub_id=hub.public_id, fiscal_year=fiscal_year
                )
        status = 400
    return render(
        request,
        "reports/eligibility_record.html",
        {
            "hub": hub,
            "form": form,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": fiscal_year_label(fiscal_year),
        },
        status=status,
    )
