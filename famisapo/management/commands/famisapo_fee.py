"""Price ファミサポ activities with a fee schedule, for a centre that may not exist yet.

python manage.py famisapo_fee --facts FILE.json --format json
python manage.py famisapo_fee --example > example.json
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from famisapo.fees import CITY, REQUESTER, FeeInputError, price_facts
from famisapo.fees.reading import duration

EXAMPLE = Path(__file__).resolve().parents[2] / "fees" / "example.json"


class Command(BaseCommand):
    help = "ファミサポの利用料を、料金表と活動を書いた JSON ファイルから計算し、内訳を表示します。"

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--facts",
            help="料金表（schedule または schedules）と活動（activities）の JSON ファイル",
        )
        source.add_argument(
            "--example", action="store_true", help="そのまま使える例のファイルを表示する"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, facts, example, format, **options):
        if example:
            self.stdout.write(EXAMPLE.read_text(encoding="utf-8"), ending="")
            return
        try:
            data = json.loads(Path(facts).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise CommandError(f"ファイル {facts} が見つかりません。") from None
        except (IsADirectoryError, PermissionError):
            raise CommandError(f"{facts} はファイルとして読めません。") from None
        except UnicodeDecodeError:
            raise CommandError(f"{facts} は UTF-8 の JSON ではありません。") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{facts} の {error.lineno}行目 {error.colno}列目: JSON として読めません。"
            ) from None
        try:
            fees = price_facts(data)
        except FeeInputError as error:
            raise CommandError(f"{facts}: {error}") from None
        totals = {
            "activities": len(fees),
            "requester_pays_yen": sum(f.requester_pays for f in fees),
            "city_pays_yen": sum(f.city_pays for f in fees),
            "helper_receives_yen": sum(f.helper_receives for f in fees),
        }
        if format == "json":
            result = {"activities": [f.as_dict() for f in fees], "totals": totals}
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for fee in fees:
            self._write_fee(fee)
        self.stdout.write(
            f"合計 {totals['activities']}件: 依頼会員 {totals['requester_pays_yen']:,}円、"
            f"市町村 {totals['city_pays_yen']:,}円、提供会員が受け取る {totals['helper_receives_yen']:,}円"
        )

    def _write_fee(self, fee):
        a = fee.activity
        span = f"{a.start:%Y-%m-%d %H:%M}〜{a.end:%Y-%m-%d %H:%M}"
        billed = "" if a.cancelled else f"、請求 {duration(fee.billed_minutes)}"
        self.stdout.write(
            f"{a.id or '活動'} {span} {a.kind}（{duration(a.minutes)}{billed}）〔{fee.schedule.name}〕"
        )
        for line in fee.lines:
            payer = {REQUESTER: "依頼会員", CITY: "市町村"}[line.payer]
            self.stdout.write(f"  {line.label}  {line.detail}  {line.amount:,}円（{payer}）")
        for note in fee.notes:
            self.stdout.write(f"  ※ {note}")
        self.stdout.write(
            f"  → 依頼会員 {fee.requester_pays:,}円 / 市町村 {fee.city_pays:,}円 / "
            f"提供会員が受け取る {fee.helper_receives:,}円"
        )
