"""Demo review states, so demo_pref's dashboard has something to look at.

For the last completed 年度: さいたま市 approved (its data locked), 熊谷市 under review, 川口市
returned with a comment. 川越市 (demo_city) is left 未提出 to try the round itself. Idempotent.
"""

from django.db import transaction

from accounts.models import User
from common.japanese import fiscal_year_of
from common.services import Actor
from orgs.models import Municipality
from reports import review
from reports.models import AnnualReport

CONTACT = {"department": "子育て支援課（デモ）", "person": "デモ 担当", "phone": "048-000-0000"}


@transaction.atomic
def seed_reviews(today) -> None:
    fiscal_year = fiscal_year_of(today) - 1
    submitter = User.objects.filter(username="demo_admin").first()
    reviewer = User.objects.filter(username="demo_pref").first()
    if submitter is None or reviewer is None:
        return
    plans = {"111007": "approved", "112020": "submitted", "112038": "returned"}
    for code, state in plans.items():
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            continue
        if AnnualReport.objects.filter(municipality=municipality, fiscal_year=fiscal_year).exists():
            continue
        submission = review.submit(
            municipality=municipality,
            fiscal_year=fiscal_year,
            actor=Actor(submitter),
            contact=CONTACT,
        )
        report = submission.report
        if state == "approved":
            review.approve(report=report, actor=Actor(reviewer))
        elif state == "returned":
            review.add_comment(
                report=report,
                item_key="total:koshu",
                text="講習等の回数が前年度より大きく減っています。入力漏れがないか確認してください。",
                actor=Actor(reviewer),
            )
            review.return_report(
                report=report,
                reason="講習等の回数を確認のうえ再提出してください。",
                actor=Actor(reviewer),
            )
