"""Which 年度 are locked: those whose annual report the prefecture has approved.

`common.locks` holds the mechanism and each app registers the rows it guards; this module answers
the one question the mechanism asks (registered from `ReportsConfig.ready()`), and guards the
hubs' yearly costs that reports itself owns. Only the prefecture lifts a lock, by undoing the
approval with a reason (reports/review.py).
"""

from common.japanese import wareki_fiscal_year
from common.locks import Guarded, guard, set_source
from common.scoping import unscoped
from orgs.models import Municipality

MESSAGE = (
    "{year}の{municipality}の年次報告は都道府県が承認済みのため、この年度の利用実績・"
    "スケジュール・職員配置・経費は変更できません。修正が必要な場合は、都道府県の担当者に"
    "承認の取消し（ロック解除）を依頼してください。"
)


class ApprovedReports:
    """The lock source: a 年度 is locked while its annual report is 承認済み."""

    def locked_years(self, municipality_id: int) -> set[int]:
        from .models import AnnualReport

        with unscoped("the lock holds whoever writes, whatever their own scope"):
            return set(
                AnnualReport.objects.filter(
                    municipality_id=municipality_id, status=AnnualReport.Status.APPROVED
                ).values_list("fiscal_year", flat=True)
            )

    def refusal(self, municipality_id: int, fiscal_year: int) -> str:
        with unscoped("the refusal names the municipality to a hub's staff too"):
            name = Municipality.objects.get(pk=municipality_id).name
        return MESSAGE.format(
            year=wareki_fiscal_year(fiscal_year),
            municipality=name,
        )


def register(app_config) -> None:
    set_source(ApprovedReports())
    for name in ("HubYearCost", "HubYearRecord"):
        guard(
            app_config.get_model(name),
            Guarded(lambda o: o.hub.municipality_id, "fiscal_year"),
        )
