"""Run the eligibility rules for a real hub or for a hypothetical one described in JSON.

python manage.py check_eligibility --facts FILE.json --fiscal-year 2024 --format json
python manage.py check_eligibility --hub UUID --fiscal-year 2024
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.japanese import date_label
from hubs.models import Hub
from reports.eligibility.facts import FactsError, facts_from_json, hub_facts
from reports.eligibility.rulesets import evaluate


class Command(BaseCommand):
    help = (
        "補助要件の判定（拠点・利用者支援）を、実在の拠点または JSON の仮の拠点について表示します。"
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--facts", help="仮の拠点の事実を書いた JSON ファイル")
        source.add_argument("--hub", help="拠点の公開ID（UUID）")
        parser.add_argument("--fiscal-year", type=int, required=True, help="年度（西暦、例：2024）")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, facts, hub, fiscal_year, format, **options):
        if facts:
            try:
                data = json.loads(Path(facts).read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise CommandError(f"ファイル {facts} が見つかりません。") from None
            except json.JSONDecodeError as error:
                raise CommandError(
                    f"{facts} の {error.lineno}行目 {error.colno}列目: JSON として読めません。"
                ) from None
            try:
                hub_facts_ = facts_from_json(data, fiscal_year)
            except FactsError as error:
                raise CommandError(f"{facts}: {error}") from None
        else:
            found = Hub.objects.select_related("municipality").filter(public_id=hub).first()
            if found is None:
                raise CommandError(f"拠点 {hub} は登録されていません。")
            hub_facts_ = hub_facts(found, fiscal_year)
        report = evaluate(hub_facts_)
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{report.hub_name} {fiscal_year}年度（{report.rule_set or '規則なし'}）")
        for r in report.results:
            deadline = f"（{date_label(r.deadline)}まで）" if r.deadline else ""
            confirm = f"（要確認：{r.to_confirm}）" if r.to_confirm else ""
            self.stdout.write(
                f"[{r.verdict.label}{deadline}] {r.rule_id} {r.title}: {r.reason}{confirm}"
                f" — {r.clause or ''}"
            )
