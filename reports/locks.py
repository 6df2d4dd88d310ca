"""Which 年度 are locked: those whose annual report the prefecture has approved.

`common.locks` holds the mechanism and each app registers the rows it guards; this module answers
the one question the mechanism asks (registered from `ReportsConfig.ready()`), and guards the
hubs' yearly costs that reports itself owns. Only the prefecture lifts a lock, by undoing the
approval with a reason (reports/review.py).
"""

from common.locks import Guarded, guard, set_source
from orgs.models import Municipality


class ApprovedReports:
    """The lock source: a 年度 is locked while its annual report is 承認済み."""

    def locked_years(self, municipality_id: int) -> set[int]:
        from .models import AnnualReport

        return set(
            AnnualReport.objects.filter(
                municipality_id=municipality_id, status=AnnualReport.Status.APPROVED
            ).values_list("fiscal_year", flat=True)
        )

    def municipality_name(self, municipality_id: int) -> str:
        return Municipality.objects.get(pk=municipality_id).name


def register(app_config) -> None:
    set_source(ApprovedReports())
    guard(
        app_config.get_model("HubYearCost"),
        Guarded(lambda o: o.hub.municipality_id, "fiscal_year"),
    )
