"""Render a report to a file for batch use (e.g. every hub's summary at year end)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.audit import audit_record
from accounts.models import AuditEvent
from hubs.models import Hub
from orgs.models import Municipality, Prefecture
from reports.usage_summary import scope_summary, usage_summary_pdf


class Command(BaseCommand):
    help = (
        "帳票をPDFに出力します（例: render_report usage-summary --fiscal-year 2024 --hub UUID "
        "--output a.pdf）。eligibility は --hub で補助要件判定表、--municipality で年次実績報告書。"
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["usage-summary", "eligibility"])
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

        if options["report"] == "eligibility":
            pdf, done = self._eligibility(scope, fiscal_year)
        else:
            summary = scope_summary(scope, hubs=Hub.objects.all(), fiscal_year=fiscal_year)
            pdf, done = usage_summary_pdf(summary), f"{summary.hub_count}拠点"
        output = Path(options["output"])
        # Write beside the target, then rename: a failed render never leaves half a file.
        partial = output.with_name(output.name + ".partial")
        partial.write_bytes(pdf)
        partial.replace(output)
        audit_record(
            action=AuditEvent.Action.EXPORT,
            obj=scope,
            username="(manage.py render_report)",
            detail={"report": options["report"], "fiscal_year": fiscal_year, "output": str(output)},
        )
        self.stdout.write(self.style.SUCCESS(f"{output} に出力しました（{done}）。"))

    def _eligibility(self, scope, fiscal_year: int) -> tuple[bytes, str]:
        """A hub's 補助要件判定表, or a municipality's annual report as it stands (as submitted
        while under review or approved)."""
        from reports.annual_files import annual_pdf
        from reports.eligibility.sheet import sheet_context, sheet_pdf
        from reports.selectors import current_snapshot

        if isinstance(scope, Hub):
            return sheet_pdf(sheet_context(scope, fiscal_year)), "補助要件判定表"
        if isinstance(scope, Municipality):
            _, submission, snapshot, frozen = current_snapshot(scope, fiscal_year)
            contact = submission.contact if frozen and submission else {}
            state = f"第{submission.number}回提出の内容" if frozen and submission else "現在の記録"
            pdf = annual_pdf(snapshot, contact=contact, suppress=False)
            return pdf, f"年次実績報告書・{len(snapshot['hubs'])}拠点・{state}"
        raise CommandError(
            "eligibility は --hub か --municipality で指定してください。都道府県全体は"
            "画面の「報告書PDFの一括作成」で作成できます。"
        )
