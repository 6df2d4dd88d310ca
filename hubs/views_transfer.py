"""Import and export for municipal officers: upload, preview, confirm; downloads in scope."""

import tablib
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.audit import audit_record
from accounts.decorators import municipality_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.importing import ImportFileError, file_digest, read_upload, run_import
from common.japanese import fiscal_year_of, wareki_date, wareki_fiscal_year
from common.services import Actor
from common.spreadsheet import csv_response, xlsx_response

from .resources import IMPORT_KINDS

SESSION_KEY = "kyoten_import"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Kinds whose rows are days of a 年度: the officer says which, and a row of another is an error.
BY_FISCAL_YEAR = {"usage"}
ERR_NO_YEAR = "日別利用実績は、取り込む年度を選んでください。"


def _fiscal_years():
    this = fiscal_year_of(timezone.localdate())
    return [(fy, f"{wareki_fiscal_year(fy)}（{fy}年度）") for fy in range(this, this - 6, -1)]


def _resource(kind: str, municipality, request, fiscal_year):
    if kind in BY_FISCAL_YEAR:
        return IMPORT_KINDS[kind](municipality, fiscal_year=fiscal_year, user=request.user)
    return IMPORT_KINDS[kind](municipality)


def _kinds():
    kinds = []
    for key, cls in IMPORT_KINDS.items():
        columns = [f.column_name for f in cls(None).fields.values()]
        kinds.append((key, cls.label, [c for c in columns if c in cls.required_columns]))
    return kinds


@municipality_view(Perm.IMPORT_RUN)
def import_upload(request):
    """Read a file and dry-run it: show every error, or a preview to confirm."""
    municipality = request.municipality
    context = {"municipality": municipality, "kinds": _kinds(), "fiscal_years": _fiscal_years()}
    if request.method != "POST":
        request.session.pop(SESSION_KEY, None)
        return render(request, "hubs/import.html", context)

    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    context["kind"] = kind
    if kind not in IMPORT_KINDS or upload is None:
        context["file_error"] = "取り込むデータの種類とファイルを選んでください。"
        return render(request, "hubs/import.html", context, status=400)
    if upload.size > MAX_UPLOAD_BYTES:
        context["file_error"] = "ファイルが大きすぎます（10MBまで）。分けて取り込んでください。"
        return render(request, "hubs/import.html", context, status=400)
    fiscal_year = None
    if kind in BY_FISCAL_YEAR:
        chosen = request.POST.get("fiscal_year", "")
        fiscal_year = int(chosen) if chosen.isdigit() else None
        context["fiscal_year"] = fiscal_year
        if fiscal_year not in dict(_fiscal_years()):
            context["file_error"] = ERR_NO_YEAR
            return render(request, "hubs/import.html", context, status=400)
    data = upload.read()
    try:
        dataset = read_upload(data, IMPORT_KINDS[kind].required_columns)
    except ImportFileError as e:
        context["file_error"] = str(e)
        return render(request, "hubs/import.html", context, status=400)

    resource = _resource(kind, municipality, request, fiscal_year)
    outcome = run_import(resource, dataset, dry_run=True)
    context.update(
        {"outcome": outcome, "filename": upload.name, "kind_label": IMPORT_KINDS[kind].label}
    )
    if outcome.ok:
        request.session[SESSION_KEY] = {
            "municipality": municipality.code,
            "kind": kind,
            "fiscal_year": fiscal_year,
            "filename": upload.name,
            "sha256": file_digest(data),
            "csv": dataset.export("csv"),
            "lines": dataset.lines,
            "header_line": dataset.header_line,
        }
    return render(request, "hubs/import.html", context, status=200 if outcome.ok else 400)


@municipality_view(Perm.IMPORT_RUN)
def import_confirm(request):
    """Write the previewed file for real, all rows or none, and audit it."""
    if request.method != "POST":
        return redirect("hubs:import", code=request.municipality.code)
    municipality = request.municipality
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["municipality"] != municipality.code:
        messages.error(request, "確認待ちの取込がありません。もう一度ファイルを選んでください。")
        return redirect("hubs:import", code=municipality.code)
    dataset = tablib.Dataset().load(pending["csv"], format="csv")
    dataset.lines, dataset.header_line = pending["lines"], pending["header_line"]
    resource = _resource(pending["kind"], municipality, request, pending.get("fiscal_year"))
    outcome = run_import(resource, dataset, dry_run=False)
    if not outcome.ok:
        # The data changed since the preview; nothing was written.
        context = {
            "municipality": municipality,
            "kinds": _kinds(),
            "outcome": outcome,
            "filename": pending["filename"],
            "kind_label": IMPORT_KINDS[pending["kind"]].label,
        }
        return render(request, "hubs/import.html", context, status=400)
    request.session.pop(SESSION_KEY, None)
    audit_record(
        action=AuditEvent.Action.IMPORT,
        actor=Actor.of(request),
        obj=municipality,
        detail={
            "kind": pending["kind"],
            "fiscal_year": pending.get("fiscal_year"),
            "filename": pending["filename"],
            "sha256": pending["sha256"],
            "totals": outcome.totals,
        },
    )
    t = outcome.totals
    messages.success(
        request,
        f"{IMPORT_KINDS[pending['kind']].label}を取り込みました（新規 {t.get('new', 0)}件・"
        f"更新 {t.get('update', 0)}件・変更なし {t.get('skip', 0)}件）。",
    )
    return redirect("portal:municipality", code=municipality.code)


@municipality_view(Perm.EXPORT_RUN)
def export_page(request):
    return render(
        request, "hubs/export.html", {"municipality": request.municipality, "kinds": _kinds()}
    )


@municipality_view(Perm.EXPORT_RUN)
def export_download(request, kind: str, fmt: str):
    """Download one kind of data of this municipality (formulae neutralised)."""
    if kind not in IMPORT_KINDS or fmt not in {"csv", "xlsx"}:
        raise Http404
    municipality = request.municipality
    resource = IMPORT_KINDS[kind](municipality)
    dataset = resource.export()
    rows = [dataset.headers, *[list(r) for r in dataset]]
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=Actor.of(request),
        obj=municipality,
        detail={"kind": kind, "format": fmt, "rows": len(dataset)},
    )
    filename = f"{municipality.name}_{resource.label}.{fmt}"
    if fmt == "csv":
        return csv_response(rows, filename)
    title = f"{municipality.name} {resource.label}（{wareki_date(timezone.localdate())} 出力）"
    return xlsx_response({resource.label: rows}, filename, titles={resource.label: title})
