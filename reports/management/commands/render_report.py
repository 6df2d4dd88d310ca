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
        parser.add_argument(
            "report",
            choices=["usage-summary", "eligibility", "famisapo-monthly", "famisapo-yearly"],
        )
        parser.add_argument("--fiscal-year", type=int, help="年度（西暦、例 2024）")
        parser.add_argument("--month", help="famisapo-monthly の月（例 2025-10）")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--hub", help="拠点の公開ID（UUID）")
        scope.add_argument("--municipality", help="全国地方公共団体コード（6桁）")
        scope.add_argument("--prefecture", help="都道府県コード（2桁）")
        parser.add_argument("--output", required=True, help="出力するPDFファイル")

    def handle(self, *args, **options):
        fiscal_year = options["fiscal_year"]
        if options["report"] == "famisapo-monthly":
            if not options["month"]:
                raise CommandError(
                    "famisapo-monthly には --month（例 2025-10）を指定してください。"
                )
        elif fiscal_year is None:
            raise CommandError("--fiscal-year（年度、例 2024）を指定してください。")
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

        if options["report"].startswith("famisapo-"):
            pdf, done = self._famisapo(scope, options["month"] or str(fiscal_year))
        elif options["report"] == "eligibility":
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
            detail={
                "report": options["report"],
                "fiscal_year": fiscal_year,
                "month": options["month"],
                "output": str(output),
            },
        )
        self.stdout.write(self.style.SUCCESS(f"{output} に出力しました（{done}）。"))

    def _famisapo(self, scope, period: str) -> tuple[bytes, str]:
        """The ファミサポ 月報 or 年報 of a municipality's centres."""
        from famisapo.models import Centre
        from famisapo.report_files import report_context, report_pdf

        if not isinstance(scope, Municipality):
            raise CommandError("ファミサポの報告は --municipality で指定してください。")
        centres = list(Centre.objects.filter(municipality=scope).order_by("name"))
        if not centres:
            raise CommandError(
                f"{scope.name}にはファミリー・サポート・センターが登録されていません。"
            )
        try:
            context = report_context(
                centres, f"{scope.name} ファミリー・サポート・センター", period
            )
        except ValueError:
            what = "月（例 2025-10、2000〜2100年）" if "-" in period else "年度（例 2025）"
            raise CommandError(f"「{period}」は{what}として読めません。") from None
        return report_pdf(context), f"{len(centres)}センター・{context['label']}"

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
