"""Render a report to a file for batch use (e.g. every hub's summary at year end)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.audit import audit_record
from accounts.models import AuditEvent
from hubs.models import Hub, Municipality, Prefecture
from reports.usage_summary import scope_summary, usage_summary_pdf


class Command(BaseCommand):
    help = "帳票をPDFに出力します（例: render_report usage-summary --fiscal-year 2024 --hub UUID --output a.pdf）"

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["usage-summary"])
        parser.add_argument("--fiscal-year", type=int, required=True, help="年度（西暦、例 2024）")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--hub", help="拠点の公開ID（UUID）")
        scope.add_argument("--municipality", help="全国地方公共団体コード（6桁）")
        scope.add_argument("--prefecture", help="都道府県コード（2桁）")
        parser.add_argument("--output", required=True, help="出力するPDFファイル")

    def handle(self, *args, **options):
        fiscal_year = options["fiscal_year"]
        # The command line is the administrator's: every hub of the scope, unfiltered by roles.
        if options["hub"]:
            scope = (
                Hub.objects.select_related("municipality").filter(public_id=options["hub"]).first()
            )
            missing = f"拠点 {options['hub']} が見つかりません。"
        elif options["municipality"]:
            scope = (
                Municipality.objects.select_related("prefecture")
                .filter(code=options["municipality"])
                .first()
            )
            missing = f"市町村コード {options['municipality']} が見つかりません。"
        else:
            scope = Prefecture.objects.filter(code=options["prefecture"]).first()
            missing = f"都道府県コード {options['prefecture']} が見つかりません。"
        if scope is None:
            raise CommandError(missing)

        summary = scope_summary(scope, hubs=Hub.objects.all(), fiscal_year=fiscal_year)
        output = Path(options["output"])
        # Write beside the target, then rename: a failed render never leaves half a file.
        partial = output.with_name(output.name + ".partial")
        partial.write_bytes(usage_summary_pdf(summary))
        partial.replace(output)
        audit_record(
            action=AuditEvent.Action.EXPORT,
            obj=scope,
            username="(manage.py render_report)",
            detail={"report": "usage-summary", "fiscal_year": fiscal_year, "output": str(output)},
        )
        self.stdout.write(
            self.style.SUCCESS(f"{output} に出力しました（{summary.hub_count}拠点）。")
        )
