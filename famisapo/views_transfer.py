"""A centre's imports and exports: upload, check, confirm; downloads of the centre's own rows.

Members' records are personal data: both pages need the two-factor session, importing needs
famisapo.member_edit, exporting famisapo.member_view, and every member in a file written or
downloaded gets an audit row in the same transaction.
"""

import tablib
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.importing import ImportFileError, file_digest, read_upload, run_import
from common.japanese import wareki_date
from common.services import Actor
from common.spreadsheet import csv_response, unencodable, xlsx_response

from .resources import IMPORT_KINDS
from .scoping import centre_view

SESSION_KEY = "kyoten_famisapo_import"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TEMPLATE = "famisapo/import.html"
ERR_SJIS = (
    "Shift_JIS では表せない文字（「{chars}」）があるため出力しませんでした。"
    "UTF-8 の CSV か Excel で出力してください。"
)


def _kinds(centre):
    kinds = []
    for key, cls in IMPORT_KINDS.items():
        columns = [f.column_name for f in cls(centre).fields.values()]
        kinds.append((key, cls.label, [c for c in columns if c in cls.required_columns], columns))
    return kinds


@centre_view(Perm.MEMBER_EDIT)
@two_factor_required
def import_upload(request):
    """Read a file and check it without writing: every error, or a preview to confirm."""
    centre = request.centre
    context = {"centre": centre, "kinds": _kinds(centre)}
    if request.method != "POST":
        request.session.pop(SESSION_KEY, None)
        return render(request, TEMPLATE, context)
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    context["kind"] = kind
    if kind not in IMPORT_KINDS or upload is None:
        context["file_error"] = "取り込むデータの種類とファイルを選んでください。"
        return render(request, TEMPLATE, context, status=400)
    if upload.size > MAX_UPLOAD_BYTES:
        context["file_error"] = "ファイルが大きすぎます（10MBまで）。分けて取り込んでください。"
        return render(request, TEMPLATE, context, status=400)
    data = upload.read()
    try:
        dataset = read_upload(data, IMPORT_KINDS[kind].required_columns)
    except ImportFileError as error:
        context["file_error"] = str(error)
        return render(request, TEMPLATE, context, status=400)
    outcome = run_import(IMPORT_KINDS[kind](centre), dataset, dry_run=True)
    context.update(
        {"outcome": outcome, "filename": upload.name, "kind_label": IMPORT_KINDS[kind].label}
    )
    if outcome.ok:
        request.session[SESSION_KEY] = {
            "centre": str(centre.public_id),
            "kind": kind,
            "filename": upload.name,
            "sha256": file_digest(data),
            "csv": dataset.export("csv"),
            "lines": dataset.lines,
            "header_line": dataset.header_line,
        }
    return render(request, TEMPLATE, context, status=200 if outcome.ok else 400)


@centre_view(Perm.MEMBER_EDIT)
@two_factor_required
def import_confirm(request):
    """Write the checked file for real, all rows or none, each member's row audited."""
    centre = request.centre
    if request.method != "POST":
        return redirect("famisapo:import", centre_id=centre.public_id)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["centre"] != str(centre.public_id):
        messages.error(request, "確認待ちの取込がありません。もう一度ファイルを選んでください。")
        return redirect("famisapo:import", centre_id=centre.public_id)
    dataset = tablib.Dataset().load(pending["csv"], format="csv")
    dataset.lines, dataset.header_line = pending["lines"], pending["header_line"]
    resource = IMPORT_KINDS[pending["kind"]](centre, Actor.of(request))
    with transaction.atomic():
        outcome = run_import(resource, dataset, dry_run=False)
        if outcome.ok:
            audit_record(
                action=AuditEvent.Action.IMPORT,
                actor=Actor.of(request),
                obj=centre,
                detail={
                    "kind": pending["kind"],
                    "filename": pending["filename"],
                    "sha256": pending["sha256"],
                    "totals": outcome.totals,
                },
            )
    if not outcome.ok:  # the data changed since the check; nothing was written
        context = {
            "centre": centre,
            "kinds": _kinds(centre),
            "outcome": outcome,
            "filename": pending["filename"],
            "kind_label": resource.label,
        }
        return render(request, TEMPLATE, context, status=400)
    request.session.pop(SESSION_KEY, None)
    t = outcome.totals
    messages.success(
        request,
        f"{resource.label}を取り込みました（新規 {t.get('new', 0)}件・更新 {t.get('update', 0)}件・"
        f"変更なし {t.get('skip', 0)}件）。",
    )
    return redirect("famisapo:centre", centre_id=centre.public_id)


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def export_page(request):
    centre = request.centre
    return render(request, "famisapo/export.html", {"centre": centre, "kinds": _kinds(centre)})


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
@transaction.atomic
def export_download(request, kind: str, fmt: str):
    """Download one kind of the centre's data; each member in it is audited as read."""
    if kind not in IMPORT_KINDS or fmt not in {"csv", "sjis.csv", "xlsx"}:
        raise Http404
    centre = request.centre
    resource = IMPORT_KINDS[kind](centre, Actor.of(request))
    dataset = resource.export_audited()
    rows = [dataset.headers, *[list(r) for r in dataset]]
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=Actor.of(request),
        obj=centre,
        detail={"kind": kind, "format": fmt, "rows": len(dataset)},
    )
    filename = f"{centre.name}_{resource.label}.{fmt.removeprefix('sjis.')}"
    if fmt == "sjis.csv":
        bad = unencodable("".join(str(v) for row in rows for v in row))
        if bad:
            transaction.set_rollback(True)  # nothing was handed out
            messages.error(request, ERR_SJIS.format(chars="」「".join(bad)))
            return redirect("famisapo:export", centre_id=centre.public_id)
        return csv_response(rows, filename, encoding="cp932")
    if fmt == "csv":
        return csv_response(rows, filename)
    title = f"{centre.name} {resource.label}（{wareki_date(timezone.localdate())} 出力）"
    return xlsx_response({resource.label: rows}, filename, titles={resource.label: title})
