"""A plan's actions as a workbook: downloaded, edited, uploaded back, checked row by row, then applied."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.core import limits
from samverkan.core.errors import DataFileError, Invalid
from samverkan.core.formatting import format_number

from .. import queries, services
from ..workbook import parse_plan_workbook, preview
from ..workbook import plan_workbook as build
from .editing import editable_plan


def plan_workbook(request, pk: int):
    """The plan's actions as an Excel workbook: the same columns as the form, for editing and uploading back."""

    summary = queries.plan_detail(pk, user=request.user)
    response = HttpResponse(
        build(summary.plan, summary.actions),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(summary.plan.title)[:60] or "plan"
    response["Content-Disposition"] = f'attachment; filename="atgarder-{name}.xlsx"'
    return response


IMPORT_SESSION_KEY = "actions-import"


@login_required
def plan_import(request, pk: int):
    """Upload an edited workbook: every row checked, the problems listed, else a preview of what will change."""

    plan = editable_plan(request, pk)
    context = {"plan": plan, "problems": [], "changes": None}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("arbetsbok")
        if upload is None:
            raise Invalid(_("Choose the workbook to upload."))
        if upload.size > limits.UPLOAD_MAX_BYTES:  # before the file is saved or read
            raise Invalid(
                _("The workbook is %(size)s MB; at most %(limit)s MB is read.")
                % {
                    "size": format_number(upload.size / limits.MB, 1),
                    "limit": format_number(limits.UPLOAD_MAX_BYTES / limits.MB),
                }
            )
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".xlsx", ".xls", ".ods"):
            raise Invalid(_("%(name)s is not an Excel or ODS workbook.") % {"name": upload.name[:80]})
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(upload.name).name or f"upload{suffix}")  # problems name the file
            with open(path, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                parsed = parse_plan_workbook(path, plan)
            except DataFileError as error:
                parsed = None
                context["problems"] = error.problems
        if parsed is not None:
            context["problems"] = parsed.problems
        if context["problems"]:
            status = 422
        else:
            request.session[IMPORT_SESSION_KEY] = {"plan": plan.pk, "rows": parsed.rows}
            context["changes"] = preview(plan, parsed.rows)
    return render(request, "actions/import.html", context, status=status)


@login_required
@require_POST
def plan_import_apply(request, pk: int):
    plan = editable_plan(request, pk)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("plan") != plan.pk:
        raise Invalid(_("There is no checked workbook to apply; upload it again."))
    written = services.plan_import_apply(by=request.user, plan=plan, rows=pending["rows"])
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("%(count)s actions were saved from the workbook.") % {"count": written})
    return redirect("actions:plan", pk=plan.pk)
