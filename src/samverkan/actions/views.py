"""Pages: the action library, one action with similar ones elsewhere, and one action plan."""

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core import limits
from samverkan.core.errors import DataFileError, Invalid
from samverkan.core.formatting import format_number
from samverkan.core.forms import form_page, refusal
from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse
from samverkan.core.validation import whole_number
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG
from samverkan.indicators.models import Indicator
from samverkan.places.models import Organization
from samverkan.targets.models import Target

from . import queries, services
from .forms import ActionForm, ActionRowForm, PlanForm, StatusUpdateForm
from .models import (
    ACTION_FIELDS,
    OPEN_STATUSES,
    PLAN_FIELDS,
    Action,
    ActionPlan,
    ActionStatus,
    CovenantSector,
    InterventionArea,
    PolicyType,
)
from .workbook import parse_plan_workbook, preview
from .workbook import plan_workbook as build


def _number(value: str, name: str) -> float | None:
    value = (value or "").strip().replace(",", ".").replace("\xa0", "").replace(" ", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise Invalid(_("%(field)s: %(value)s is not a number.") % {"field": name, "value": value[:20]}) from None
    if number < 0:
        raise Invalid(_("%(field)s: %(value)s is negative.") % {"field": name, "value": value[:20]})
    return number


def library(request):
    """Every public action, Swedish and European: words, filters, sorting, a page of 50 at a time."""
    get = request.GET
    filters = queries.LibraryFilter(
        q=get.get("q", "")[:200],
        sector=get.get("sektor", "")[:40],
        covenant_sector=get.get("omrade", "")[:60],
        status=get.get("status", "")[:20],
        policy_type=get.get("styrmedel", "")[:60],
        country=get.get("land", "")[:2],
        size=get.get("storlek", "")[:10],
        min_effect=_number(get.get("minsta_effekt", ""), _("Smallest effect")),
        examples=get.get("urval", "")[:3],
        order=get.get("sortera", "")[:20],
    )
    page = queries.library_search(filters, page=whole_number(get.get("sida", ""), largest=10_000) or 1)
    arguments = get.copy()
    arguments.pop("sida", None)
    return render(
        request,
        "actions/library.html",
        {
            "filters": filters,
            "result": page,
            "rows": _library_rows(page.items),
            "query_string": arguments.urlencode(),
            "sectors": Sector.objects.filter(parent=None).exclude(slug=RESIDUAL_SLUG).order_by("position"),
            "covenant_sectors": CovenantSector.choices,
            "statuses": ActionStatus.choices,
            "policy_types": PolicyType.choices,
            "sizes": [
                ("small", _("under 15 000 inhabitants")),
                ("medium", _("15 000 to 50 000")),
                ("large", _("50 000 to 200 000")),
                ("city", _("200 000 or more")),
            ],
            "countries": queries.library_countries(),
        },
    )


def _library_rows(actions) -> list[dict]:
    """Result rows with their text ready (as for a plan): the page's time goes to the search, not the template."""
    labels = dict(ActionStatus.choices)
    action_prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    plan_prefix = reverse("actions:plan", args=[0]).removesuffix("0/")
    rows = []
    for a in actions:
        if a.area_id:
            sector = a.area.display_name
        elif a.sector_id:
            sector = a.sector.display_name
        else:
            sector = a.get_covenant_sector_display() or "–"
        rows.append(
            {
                "url": f"{action_prefix}{a.pk}/",
                "title": a.title,
                "example": a.plan.is_example,
                "plan_url": f"{plan_prefix}{a.plan_id}/",
                "organization": a.plan.organization.name,
                "country": a.plan.organization.country,
                "sector": sector,
                "status": labels.get(a.status, a.status),
                "effect": format_number(a.effect_t_co2e, 0),
            }
        )
    return rows


def _may_edit(user, organization_id: int) -> bool:
    return Organization.objects.editable_by(user).filter(pk=organization_id).exists()


def action_detail(request, pk: int):
    action = queries.action_detail(pk, user=request.user)
    may_edit = not action.plan.is_example and _may_edit(request.user, action.plan.organization_id)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "similar": queries.similar_actions(action),
            "indicator_values": queries.action_indicator_values(action),
            "may_edit": may_edit,
            "update_form": StatusUpdateForm(initial={"date": dt.date.today(), "status": action.status})
            if may_edit
            else None,
        },
    )


def _form_page(request, *, form, title: str, back: str, save, organization):
    context = {"title": title, "back": back, "organization": organization}
    return form_page(request, form=form, template="actions/form.html", context=context, save=save)


@login_required
def plan_new(request, organization_id: int):
    organization = get_object_or_404(Organization, pk=organization_id)
    if not _may_edit(request.user, organization.pk):
        raise refuse(request.user, gettext_noop("edit the action plans of %(place)s"), place=organization)

    def save(data):
        plan = services.plan_save(by=request.user, organization=organization, **_plan_arguments(data))
        return reverse("actions:plan", args=[plan.pk])

    return _form_page(
        request,
        form=PlanForm(request.POST or None, organization=organization),
        title=_("New action plan for %(place)s") % {"place": organization},
        back=reverse("site:organization_detail", args=[organization.pk]),
        save=save,
        organization=organization,
    )


def _plan_arguments(data: dict) -> dict:
    return {
        "fields": {name: data[name] for name in PLAN_FIELDS},
        "targets": list(data["targets"]),
        "networks": list(data["networks"]),
    }


def _action_arguments(data: dict) -> dict:
    return {
        "fields": {name: data[name] for name in ACTION_FIELDS},
        "targets": list(data["targets"]),
        "indicators": list(data["indicators"]),
    }


def _editable_plan(request, pk: int) -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("organization"), pk=pk)
    if plan.is_example or not _may_edit(request.user, plan.organization_id):
        raise refuse(request.user, gettext_noop("edit the action plans of %(place)s"), place=plan.organization)
    return plan


@login_required
def plan_edit(request, pk: int):
    plan = _editable_plan(request, pk)

    def save(data):
        services.plan_save(by=request.user, organization=plan.organization, plan=plan, **_plan_arguments(data))
        return reverse("actions:plan", args=[plan.pk])

    return _form_page(
        request,
        form=PlanForm(
            request.POST or None, instance=ActionPlan.objects.get(pk=plan.pk), organization=plan.organization
        ),
        title=_("Edit %(plan)s") % {"plan": plan},
        back=reverse("actions:plan", args=[plan.pk]),
        save=save,
        organization=plan.organization,
    )


@login_required
def action_new(request, plan_id: int):
    plan = _editable_plan(request, plan_id)

    def save(data):
        action = services.action_save(by=request.user, plan=plan, **_action_arguments(data))
        return reverse("actions:detail", args=[action.pk])

    return _form_page(
        request,
        form=ActionForm(request.POST or None, organization=plan.organization),
        title=_("New action in %(plan)s") % {"plan": plan},
        back=reverse("actions:plan", args=[plan.pk]),
        save=save,
        organization=plan.organization,
    )


@login_required
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("plan", "plan__organization"), pk=pk)
    plan = _editable_plan(request, action.plan_id)

    def save(data):
        services.action_save(by=request.user, plan=plan, action=action, **_action_arguments(data))
        return reverse("actions:detail", args=[action.pk])

    return _form_page(
        request,
        form=ActionForm(
            request.POST or None, instance=Action.objects.get(pk=action.pk), organization=plan.organization
        ),
        title=_("Edit %(action)s") % {"action": action},
        back=reverse("actions:detail", args=[action.pk]),
        save=save,
        organization=plan.organization,
    )


@login_required
def status_update(request, pk: int):
    """Post a status update; with htmx the page swaps in the list of updates, without it reloads."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = get_object_or_404(Action.objects.select_related("plan", "plan__organization"), pk=pk)
    form = StatusUpdateForm(request.POST)
    status = 200
    if form.is_valid():
        services.status_update_create(by=request.user, action=action, **form.cleaned_data)
        form = StatusUpdateForm(initial={"date": dt.date.today(), "status": form.cleaned_data["status"]})
        if not request.htmx:
            messages.success(request, _("The status update was saved."))
            return redirect("actions:detail", pk=pk)
    elif not request.htmx:
        raise refusal(form)
    else:
        status = 422
    action = queries.action_detail(pk, user=request.user)
    return render(
        request,
        "actions/action_detail.html#updates",
        {"action": action, "may_edit": True, "update_form": form},
        status=status,
    )


# A plan longer than this opens on its overview by sector, each sector folded until opened or chosen.
FOLD_AFTER = 60


def plan_detail(request, pk: int):
    summary = queries.plan_detail(pk, user=request.user)
    chosen = PlanView.from_query(request.GET, summary)
    sections = _plan_sections(summary, chosen)
    shown = sum(len(section["rows"]) for section in sections)
    return render(
        request,
        "actions/plan_detail.html",
        {
            "summary": summary,
            "plan": summary.plan,
            "sections": sections,
            "chosen": chosen,
            "statuses": ActionStatus.choices,
            "shown": shown,
            "folded": chosen.is_everything and shown > FOLD_AFTER,
            "gaps": queries.plan_gaps(summary) if summary.actions else [],
            "may_edit": not summary.plan.is_example and _may_edit(request.user, summary.plan.organization_id),
        },
    )


@dataclass(frozen=True)
class PlanView:
    """Which of a plan's actions its page lists: one sector, one status, the overdue only (all by default)."""

    sector: str = ""
    status: str = ""
    overdue_only: bool = False

    @property
    def is_everything(self) -> bool:
        return not (self.sector or self.status or self.overdue_only)

    @classmethod
    def from_query(cls, get, summary) -> "PlanView":
        sector, status = get.get("sektor", "")[:90], get.get("status", "")[:20]
        if sector and sector not in {slug for slug, _name, _actions in summary.by_sector}:
            raise Invalid(_("The plan has no actions in the sector %(sector)s.") % {"sector": sector})
        if status and status not in ActionStatus.values:
            raise Invalid(_("%(value)s is not a status of an action.") % {"value": status})
        return cls(sector, status, get.get("forsenade") == "1")


def _plan_sections(summary, chosen: PlanView) -> list[dict]:
    """Each sector's figures (for the overview) and the rows the page lists, their text ready: a plan of
    300 actions renders in a fraction of the time."""
    labels = dict(ActionStatus.choices)
    prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    sections = []
    for slug, name, actions in summary.by_sector:
        completed = sum(1 for a in actions if a.status == ActionStatus.COMPLETED)
        listed = [
            a
            for a in actions
            if (not chosen.sector or slug == chosen.sector)
            and (not chosen.status or a.status == chosen.status)
            and (not chosen.overdue_only or a.is_overdue)
        ]
        sections.append(
            {
                "slug": slug,
                "name": name,
                "count": len(actions),
                "completed_percent": 100 * completed / len(actions),
                "overdue": sum(1 for a in actions if a.is_overdue),
                "effect": sum(a.effect_t_co2e or 0 for a in actions if a.status != ActionStatus.CANCELLED),
                "rows": [_row(a, labels, prefix) for a in listed],
            }
        )
    return sections


def _row(action, labels: dict, prefix: str) -> dict:
    return {
        "pk": action.pk,
        "url": f"{prefix}{action.pk}/",
        "title": action.title,
        "status": labels.get(action.status, action.status),
        "completion": "–" if action.completion is None else str(action.completion),
        "end": action.end.isoformat() if action.end else "–",
        "effect": format_number(action.effect_t_co2e, 0),
        "overdue": getattr(action, "is_overdue", False),
    }


@login_required
def action_row(request, pk: int):
    """Edit an action in place in the plan's table (htmx): the form row, and the row again once saved."""
    action = get_object_or_404(Action.objects.select_related("plan", "plan__organization"), pk=pk)
    plan = _editable_plan(request, action.plan_id)
    if request.method == "POST":
        form = ActionRowForm(request.POST, instance=Action.objects.get(pk=pk))
        if not form.is_valid():
            context = {"action": action, "form": form, "may_edit": True}
            return render(request, "actions/plan_detail.html#row_form", context, status=422)
        action = services.action_save(by=request.user, plan=plan, action=action, fields=form.cleaned_data)
    elif not request.GET.get("visa"):
        context = {"action": action, "form": ActionRowForm(instance=action), "may_edit": True}
        return render(request, "actions/plan_detail.html#row_form", context)
    today = dt.date.today()
    action.is_overdue = bool(action.end and action.end < today and action.status in OPEN_STATUSES)
    prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    context = {
        "a": _row(action, dict(ActionStatus.choices), prefix),
        "may_edit": True,
        "overdue_label": _("overdue"),
        "change_label": _("Change"),
    }
    return render(request, "actions/plan_detail.html#row", context)


@login_required
def action_history(request, pk: int):
    """Every edit of an action with its status updates, for the people of its organization."""
    action = get_object_or_404(Action.objects.select_related("plan", "plan__organization"), pk=pk)
    if not Organization.objects.readable_by(request.user).filter(pk=action.plan.organization_id).exists():
        raise refuse(request.user, gettext_noop("read the history of %(place)s"), place=action.plan.organization)

    records = Action.history.filter(id=pk)
    entries = history_entries(
        records,
        Action,
        skip=("plan", "source_id"),
        lookups={
            "sector": {s.pk: s.display_name for s in Sector.objects.filter(parent=None)},
            "area": {a.code: a.display_name for a in InterventionArea.objects.all()},
            "target": {t.pk: t.display_name for t in Target.objects.filter(pk__in=_targets_ever(pk))},
            "indicator": {i.pk: i.display_name for i in Indicator.objects.all()},
        },
    )
    return render(request, "actions/history.html", {"action": action, "entries": entries})


def _targets_ever(action_id: int) -> set[int]:
    """The targets an action has served at any time (its history's link rows), to name them in the history."""
    links = Action.history.model._meta.get_field("historicalaction_targets").related_model
    return set(links.objects.filter(history__id=action_id).values_list("target", flat=True))


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

    plan = _editable_plan(request, pk)
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
def plan_import_apply(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = _editable_plan(request, pk)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("plan") != plan.pk:
        raise Invalid(_("There is no checked workbook to apply; upload it again."))
    written = services.plan_import_apply(by=request.user, plan=plan, rows=pending["rows"])
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("%(count)s actions were saved from the workbook.") % {"count": written})
    return redirect("actions:plan", pk=plan.pk)
