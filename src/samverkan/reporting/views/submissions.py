"""The members' reports: an organization's rounds, its draft (fill, save, submit), a report with its versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from samverkan.core.errors import DomainError, NotFound
from samverkan.core.permissions import refuse
from samverkan.networks.models import Network
from samverkan.places.models import Organization
from samverkan.places.queries import organization_or_404

from .. import exports, services
from ..forms import DecisionForm, DraftForm
from ..frameworks import FRAMEWORKS
from ..models import SubmissionState
from ..queries import (
    changed_keys,
    diff,
    items_of,
    open_rounds_for,
    previous_accepted,
    regional_coordinator_of,
    round_or_404,
    submission_or_404,
    versions_with_diffs,
)


def _sections(content: dict, changed: set[str] = frozenset(), form=None) -> list[dict]:
    """The report's sections with each item's form field (editable items on a draft) and its changed mark."""
    sections = []
    for section in content.get("sections", []):
        items = []
        for item in section.get("items", []):
            key = item["key"]
            field = form[key] if form is not None and key in form.fields else None
            rationale = form[f"{key}__rationale"] if form is not None and f"{key}__rationale" in form.fields else None
            items.append({**item, "field": field, "rationale_field": rationale, "changed": key in changed})
        sections.append({"key": section.get("key"), "title": section.get("title"), "items": items})
    return sections


def _framework_name(slug: str) -> str:
    framework = FRAMEWORKS.get(slug)
    return framework.name if framework else slug


def _in_network(submission, slug: str):
    if submission.round.network.slug != slug:
        raise NotFound(_("There is no submission %(id)s.") % {"id": submission.pk})
    return submission


@login_required
def organization_reports(request, pk: int):
    """The reports an organization is asked for in its networks' open rounds, with each one's state."""
    organization = organization_or_404(pk)
    if not Organization.objects.readable_by(request.user).filter(pk=organization.pk).exists():
        raise refuse(request.user, gettext_noop("read the reports of %(place)s"), place=organization)
    rounds = open_rounds_for(organization)
    may_edit = Organization.objects.editable_by(request.user).filter(pk=organization.pk).exists()
    for round in rounds:
        round.framework_name = _framework_name(round.framework)
    return render(
        request,
        "reporting/organization_reports.html",
        {"organization": organization, "rounds": rounds, "may_edit": may_edit},
    )


@login_required
@require_POST
def start(request, slug: str, round_id: int, organization_id: int):
    round = round_or_404(round_id)
    if round.network.slug != slug:
        raise NotFound(_("There is no reporting round %(id)s.") % {"id": round_id})
    submission = services.draft_for(by=request.user, round=round, organization=organization_or_404(organization_id))
    return redirect("reporting:draft", slug, submission.pk)


@login_required
def draft(request, slug: str, pk: int):
    """The organization's editors fill the draft: each item with its source and a mark when changed after filling."""
    submission = _in_network(submission_or_404(pk), slug)
    organization = submission.organization
    if not Organization.objects.editable_by(request.user).filter(pk=organization.pk).exists():
        raise refuse(request.user, gettext_noop("write the reports of %(place)s"), place=organization)
    if not submission.is_editable:
        return redirect("reporting:submission", slug, submission.pk)
    form = DraftForm(request.POST or None, content=submission.content)
    status = 200
    if request.method == "POST":
        values, rationales = form.values()
        try:
            services.draft_save(by=request.user, submission=submission, values=values, rationales=rationales)
            if request.POST.get("action") == "submit":
                services.submit(by=request.user, submission=submission)
                messages.success(request, _("The report is submitted."))
                return redirect("reporting:submission", slug, submission.pk)
        except services.ItemErrors as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, message)
            status = 422
            form.is_bound = True
        except DomainError as error:
            if error.status != 422:
                raise
            form.add_error(None, error.message)
            status = 422
        else:
            messages.success(request, _("Saved."))
            return redirect("reporting:draft", slug, submission.pk)
        submission.refresh_from_db()
    last = submission.versions.order_by("-number").first()
    return render(
        request,
        "reporting/draft.html",
        {
            "submission": submission,
            "round": submission.round,
            "network": submission.round.network,
            "framework_name": _framework_name(submission.round.framework),
            "form": form,
            "sections": _sections(submission.content, changed_keys(submission), form),
            "returned": last if last and last.decision == "returned" else None,
        },
        status=status,
    )


def _reading(request, submission) -> str:
    """Who reads: the organization ("organization"), the network's coordinators ("coordinator"), a regional
    coordinator of the municipality's county ("region"), anyone when published ("public"); a draft nobody else may
    read is not found."""
    user = request.user
    if Organization.objects.readable_by(user).filter(pk=submission.organization_id).exists():
        return "organization"
    if Network.objects.coordinated_by(user).filter(pk=submission.round.network_id).exists():
        if submission.versions.exists():
            return "coordinator"
    elif regional_coordinator_of(user, submission) and submission.versions.exists():
        return "region"
    elif submission.round.public and submission.state == SubmissionState.ACCEPTED:
        return "public"
    raise NotFound(_("There is no submission %(id)s.") % {"id": submission.pk})


def submission_page(request, slug: str, pk: int):
    """A report: its latest frozen version as submitted, every version with what changed, and the decision."""
    submission = _in_network(submission_or_404(pk), slug)
    reading = _reading(request, submission)
    versions = versions_with_diffs(submission)
    if reading == "public":
        versions = [(v, changes) for v, changes in versions if v.decision == "accepted"]
    shown = versions[0][0] if versions else None
    previous = previous_accepted(submission) if shown else None
    return render(
        request,
        "reporting/submission.html",
        {
            "submission": submission,
            "round": submission.round,
            "network": submission.round.network,
            "framework_name": _framework_name(submission.round.framework),
            "reading": reading,
            "coordinating": reading == "coordinator",
            "shown": shown,
            "sections": _sections(shown.content) if shown else [],
            "versions": versions,
            "previous": previous,
            "against_previous": diff(previous.content, shown.content) if previous else [],
            "decision_form": DecisionForm() if reading == "coordinator" and submission.state == "submitted" else None,
            "items": len(items_of(shown.content)) if shown else 0,
        },
    )


@login_required
@require_POST
def decide(request, slug: str, pk: int):
    submission = _in_network(submission_or_404(pk), slug)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or return."))
        return redirect("reporting:submission", slug, pk)
    try:
        services.decide(
            by=request.user,
            submission=submission,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        if error.status != 422:
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, _("The decision is saved."))
    return redirect("reporting:submission", slug, pk)


def download(request, slug: str, pk: int, extension: str):
    """The version the page shows (as submitted, frozen) as a PDF or an xlsx workbook."""
    submission = _in_network(submission_or_404(pk), slug)
    reading = _reading(request, submission)
    versions = submission.versions.order_by("-number")
    if reading == "public":
        versions = versions.filter(decision="accepted")
    shown = versions.first()
    if shown is None:
        raise NotFound(_("The report has not been submitted yet."))
    if extension == "pdf":
        body, content_type = exports.pdf_bytes(shown.content), exports.PDF_CONTENT_TYPE
    else:
        body, content_type = exports.xlsx_bytes(shown.content), exports.XLSX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    name = exports.file_name(shown.content, extension).replace(f".{extension}", f"-v{shown.number}.{extension}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def draft_download(request, slug: str, pk: int, extension: str):
    """The draft as it is saved now, as a PDF or an xlsx workbook, for the organization's people to read or print
    before submitting (marked a draft in its file name); others never see a draft."""
    submission = _in_network(submission_or_404(pk), slug)
    if not Organization.objects.readable_by(request.user).filter(pk=submission.organization_id).exists():
        raise NotFound(_("There is no submission %(id)s.") % {"id": submission.pk})
    if extension == "pdf":
        body, content_type = exports.pdf_bytes(submission.content), exports.PDF_CONTENT_TYPE
    else:
        body, content_type = exports.xlsx_bytes(submission.content), exports.XLSX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    name = exports.file_name(submission.content, extension).replace(f".{extension}", f"-utkast.{extension}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
