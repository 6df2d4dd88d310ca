"""Which of hubs' rows the year lock guards, and how each reaches its municipality and dates.

Registered from `HubsConfig.ready()`; the mechanism is `common.locks`, and `reports` says which
年度 are locked.
"""

from common.locks import Guarded, guard


def _hub_municipality(obj) -> int:
    return obj.hub.municipality_id


GUARDED: dict[str, Guarded] = {
    "DailyUsage": Guarded(_hub_municipality, "date"),
    "TemporaryCareDay": Guarded(_hub_municipality, "date"),
    "Event": Guarded(_hub_municipality, "date"),
    "OutreachSession": Guarded(lambda o: o.site.hub.municipality_id, "date"),
    "ExtraOpeningDay": Guarded(_hub_municipality, "date"),
    "ClosurePeriod": Guarded(_hub_municipality, "starts_on", "ends_on"),
    "OpeningSchedule": Guarded(_hub_municipality, "valid_from", open_ended=True),
    "OpeningHours": Guarded(
        lambda o: o.schedule.hub.municipality_id, "schedule.valid_from", open_ended=True
    ),
    "Assignment": Guarded(_hub_municipality, "started_on", "ended_on"),
    "TrainingRecord": Guarded(lambda o: o.staff.municipality_id, "completed_on"),
}


def register(app_config) -> None:
    for name, spec in GUARDED.items():
        guard(app_config.get_model(name), spec)
