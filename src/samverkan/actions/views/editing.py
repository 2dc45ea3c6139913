"""The editors' pages: a plan and its actions added and changed, status updates, in-place edits, history."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from samverkan.core.forms import form_page, refusal
from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse
from samverkan.emissions.models import Sector
from samverkan.indicators.models import Indicator
from samverkan.places.models import Organization
from samverkan.targets.models import Target

from .. import queries, services
from ..forms import ActionForm, ActionRowForm, PlanForm, StatusUpdateForm
from ..models import ACTION_FIELDS, PLAN_FIELDS, Action, ActionPlan, ActionStatus, InterventionArea
from .pages import may_edit_plans, row_cells


def _form_page(request, *, form, title: str, back: str, save, organization):
    context = {"title": title, "back": back, "organization": organization}
    return form_page(request, form=form, template="actions/form.html", context=context, save=save)


@login_required
def plan_new(request, organization_id: int):
    organization = get_object_or_404(Organization, pk=organization_id)
    if not may_edit_plans(request.user, organization.pk):
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


def editable_plan(request, pk: int) -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("organization"), pk=pk)
    if plan.is_example or not may_edit_plans(request.user, plan.organization_id):
        raise refuse(request.user, gettext_noop("edit the action plans of %(place)s"), place=plan.organization)
    return plan


@login_required
def plan_edit(request, pk: int):
    plan = editable_plan(request, pk)

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


def _chosen(request) -> dict:
    """The sector and area chosen so far, sent by the sector list (htmx) to get the areas of the sector."""
    return {name: request.GET[name] for name in ("sector", "area") if request.GET.get(name)}


@login_required
def action_new(request, plan_id: int):
    plan = editable_plan(request, plan_id)

    def save(data):
        action = services.action_save(by=request.user, plan=plan, **_action_arguments(data))
        return reverse("actions:detail", args=[action.pk])

    return _form_page(
        request,
        form=ActionForm(
            request.POST or None, initial=_chosen(request), organization=plan.organization, areas_url=request.path
        ),
        title=_("New action in %(plan)s") % {"plan": plan},
        back=reverse("actions:plan", args=[plan.pk]),
        save=save,
        organization=plan.organization,
    )


@login_required
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("plan", "plan__organization"), pk=pk)
    plan = editable_plan(request, action.plan_id)

    def save(data):
        services.action_save(by=request.user, plan=plan, action=action, **_action_arguments(data))
        return reverse("actions:detail", args=[action.pk])

    return _form_page(
        request,
        form=ActionForm(
            request.POST or None,
            instance=Action.objects.get(pk=action.pk),
            initial=_chosen(request),
            organization=plan.organization,
            areas_url=request.path,
        ),
        title=_("Edit %(action)s") % {"action": action},
        back=reverse("actions:detail", args=[action.pk]),
        save=save,
        organization=plan.organization,
    )


@login_required
@require_POST
def status_update(request, pk: int):
    """Post a status update; with htmx the page swaps in the list of updates, without it reloads."""
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
        # The status and completion in the facts at the top change too: swapped out of band.
        {"action": action, "may_edit": True, "update_form": form, "status_out_of_band": status == 200},
        status=status,
    )


# A plan longer than this opens on its overview by sector, each sector folded until opened or chosen.
@login_required
def action_row(request, pk: int):
    """Edit an action in place in the plan's table (htmx): the form row, and the row again once saved."""
    action = get_object_or_404(Action.objects.select_related("plan", "plan__organization"), pk=pk)
    plan = editable_plan(request, action.plan_id)
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
    action.is_overdue = action.overdue_on(today)
    prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    context = {
        "a": row_cells(action, dict(ActionStatus.choices), prefix),
        "plan": plan,
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
