"""Render a report to a file for batch use (e.g. every hub's summary at year end)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.audit import audit_record
from accounts.models import AuditEvent
from hubs.models import Hub, Municipality, Prefecture
from reports.usage_summary import build_usage_summary
from reports.views import usage_summary_pdf


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
        if options["hub"]:
            hub = (
                Hub.objects.select_related("municipality").filter(public_id=options["hub"]).first()
            )
            if hub is None:
                raise CommandError(f"拠点 {options['hub']} が見つかりません。")
            hubs, kind, label, obj = (
                Hub.objects.filter(pk=hub.pk),
                "hub",
                f"{hub.municipality.name} {hub.name}",
                hub,
            )
        elif options["municipality"]:
            m = (
                Municipality.objects.select_related("prefecture")
                .filter(code=options["municipality"])
                .first()
            )
            if m is None:
                raise CommandError(f"市町村コード {options['municipality']} が見つかりません。")
            hubs, kind, label, obj = (
                m.hubs.all(),
                "municipality",
                f"{m.prefecture.name} {m.name}",
                m,
            )
        else:
            p = Prefecture.objects.filter(code=options["prefecture"]).first()
            if p is None:
                raise CommandError(f"都道府県コード {options['prefecture']} が見つかりません。")
            hubs, kind, label, obj = (
                Hub.objects.filter(municipality__prefecture=p),
                "prefecture",
                p.name,
                p,
            )

        summary = build_usage_summary(
            hubs=hubs, fiscal_year=fiscal_year, scope_kind=kind, scope_label=label
        )
        output = Path(options["output"])
        # Write beside the target, then rename: a failed render never leaves half a file.
        partial = output.with_name(output.name + ".partial")
        partial.write_bytes(usage_summary_pdf(summary))
        partial.replace(output)
        audit_record(
            action=AuditEvent.Action.EXPORT,
            obj=obj,
            username="(manage.py render_report)",
            detail={"report": "usage-summary", "fiscal_year": fiscal_year, "output": str(output)},
        )
        self.stdout.write(
            self.style.SUCCESS(f"{output} に出力しました（{summary.hub_count}拠点）。")
        )
