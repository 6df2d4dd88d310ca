"""Officers change a hub's opening schedule and closures, seeing the tier before saving."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import hub_view
from accounts.roles import Perm
from common.services import Actor, ServiceError

from . import services
from .forms import ClosureForm, ScheduleForm
from .opening import WeeklyPattern, calendar_for_hub, opening_tier


@hub_view(Perm.HUB_EDIT)
def schedule_new(request):
    """Enter a new weekly schedule; 確認 shows the tier it earns, 保存 starts it."""
    hub = request.hub
    today = timezone.localdate()
    current = calendar_for_hub(hub).pattern_on(today)
    context = {
        "hub": hub,
        "current": current,
        "current_tier": opening_tier(hub.hub_type, current, today),
    }
    if request.method != "POST":
        context["form"] = ScheduleForm(
            initial=ScheduleForm.initial_from(current) | {"valid_from": today}
        )
        return render(request, "hubs/schedule_new.html", context)

    form = ScheduleForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "hubs/schedule_new.html", context, status=400)
    data = form.cleaned_data
    draft = WeeklyPattern(
        ranges={d: tuple(r) for d, r in data["ranges"].items()},
        opens_on_public_holidays=data["opens_on_public_holidays"],
    )
    context |= {"draft": draft, "draft_tier": opening_tier(hub.hub_type, draft, data["valid_from"])}
    if request.POST.get("action") != "save":
        return render(request, "hubs/schedule_new.html", context)
    try:
        services.schedule_create(
            hub=hub,
            valid_from=data["valid_from"],
            ranges=data["ranges"],
            holidays_open=data["opens_on_public_holidays"],
            actor=Actor.of(request),
        )
    except ServiceError as e:
        form.add_error("valid_from", e)
        return render(request, "hubs/schedule_new.html", context, status=400)
    messages.success(request, f"{data['valid_from']:%Y/%m/%d} からのスケジュールを登録しました。")
    return redirect("hubs:detail", hub_id=hub.public_id)


@hub_view(Perm.HUB_EDIT)
def closure_new(request):
    hub = request.hub
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closure = services.closure_create(hub=hub, data=form.cleaned_data, actor=Actor.of(request))
        messages.success(request, f"休館期間（{closure}）を登録しました。")
        return redirect("hubs:detail", hub_id=hub.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "hubs/closure_new.html", {"hub": hub, "form": form}, status=status)
