"""The editors' writes to action plans and actions, with the organization's API token."""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from samverkan.actions import queries, services
from samverkan.actions.models import Action, ActionPlan, ActionStatus, InterventionArea, PlanStatus
from samverkan.api.auth import TokenAuth, token_must_write_for, token_reason
from samverkan.core.errors import Invalid, NotFound
from samverkan.core.validation import Id, by_keys
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG
from samverkan.indicators.models import Indicator
from samverkan.places.queries import organization_or_404
from samverkan.targets.models import Target

from .schemas import ActionLinksOut, PlanOut, UpdateOut

write_router = Router(tags=["actions"], auth=TokenAuth())

# A plan is recorded as a draft, adopted or replaced; "not found" is a survey's finding, not a plan to write.
PlanStatusName = Literal[PlanStatus.DRAFT, PlanStatus.ADOPTED, PlanStatus.REPLACED]


class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    status: PlanStatusName = PlanStatus.DRAFT
    period_from: int | None = Field(None, ge=1990, le=2100)
    period_to: int | None = Field(None, ge=1990, le=2100)
    adopted_by: str = Field("", max_length=200)
    adopted_year: int | None = Field(None, ge=1990, le=2100)
    adopted_on: dt.date | None = None
    document_url: str = Field("", max_length=1000)
    note: str = Field("", max_length=5000)


class ActionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=10000)
    sector: str | None = Field(None, max_length=40, description="An SMHI main sector's identifier")
    area: str | None = Field(None, max_length=90, description="A Covenant area of intervention's code")
    policy_type: str = Field("", max_length=50)
    responsible_unit: str = Field("", max_length=200)
    contact_role: str = Field("", max_length=200)
    start: dt.date | None = None
    end: dt.date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    completion: int | None = Field(None, ge=0, le=100)
    effect_t_co2e: float | None = Field(None, ge=0)
    effect_mwh: float | None = None
    cost_sek: float | None = Field(None, ge=0)
    public: bool = True
    targets: list[Id] = Field([], max_length=50, description="Ids of targets the organization's plans serve")
    indicators: list[str] = Field([], max_length=50, description="Identifiers of key indicators")


class ActionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=10000)
    sector: str | None = Field(None, max_length=40)
    area: str | None = Field(None, max_length=90)
    policy_type: str | None = Field(None, max_length=50)
    responsible_unit: str | None = Field(None, max_length=200)
    contact_role: str | None = Field(None, max_length=200)
    start: dt.date | None = None
    end: dt.date | None = None
    status: ActionStatus | None = None
    completion: int | None = Field(None, ge=0, le=100)
    effect_t_co2e: float | None = Field(None, ge=0)
    effect_mwh: float | None = None
    cost_sek: float | None = Field(None, ge=0)
    public: bool | None = None
    targets: list[Id] | None = Field(None, max_length=50)
    indicators: list[str] | None = Field(None, max_length=50)


class UpdateIn(Schema):
    date: dt.date
    status: ActionStatus
    completion: int | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=5000)


def _token_for(request, organization) -> None:
    token_must_write_for(request.auth, organization_id=organization.pk, what=organization)


def _action_fields(fields: dict) -> dict:
    """Sector and area by identifier ("" or null clears them); an unknown one is named."""
    if "sector" in fields:
        slug = fields["sector"] or ""
        fields["sector"] = Sector.objects.filter(slug=slug, parent=None).exclude(slug=RESIDUAL_SLUG).first()
        if slug and fields["sector"] is None:
            raise Invalid(_("There is no main sector %(slug)s.") % {"slug": slug})
    if "area" in fields:
        code = fields["area"] or ""
        fields["area"] = InterventionArea.objects.filter(code=code).first()
        if code and fields["area"] is None:
            raise Invalid(_("There is no area of intervention %(code)s.") % {"code": code})
    return fields


def _action_links(fields: dict) -> dict:
    """Targets by id and key indicators by identifier, taken out of the fields; an unknown one is named."""
    links = {}
    ids = fields.pop("targets", None)
    if ids is not None:
        links["targets"] = by_keys(Target.objects.all(), ids, field="pk", unknown=_("There is no target %(keys)s."))
    slugs = fields.pop("indicators", None)
    if slugs is not None:
        links["indicators"] = by_keys(
            Indicator.objects.all(), slugs, field="slug", unknown=_("There is no key indicator %(keys)s.")
        )
    return links


def _writable_action(request, action_id: int) -> Action:
    action = Action.objects.select_related("plan", "plan__organization").filter(pk=action_id).first()
    if action is None or (not action.public and action.plan.organization_id != request.auth.organization_id):
        raise NotFound(_("There is no action %(id)s.") % {"id": action_id})
    _token_for(request, action.plan.organization)
    return action


@write_router.post(
    "/organizations/{organization_id}/action-plans",
    response={201: PlanOut},
    summary="Record an action plan (with the organization's API token)",
)
def create_plan(request, organization_id: Id, payload: PlanIn):
    organization = organization_or_404(organization_id)
    _token_for(request, organization)
    plan = services.plan_save(
        by=request.auth.created_by, organization=organization, fields=payload.dict(), reason=token_reason(request.auth)
    )
    plan.action_count = 0
    return Status(201, plan)


@write_router.post(
    "/action-plans/{plan_id}/actions",
    response={201: ActionLinksOut},
    summary="Add an action to a plan (with its organization's API token)",
)
def create_action(request, plan_id: Id, payload: ActionIn):
    plan = ActionPlan.objects.select_related("organization").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("There is no action plan %(id)s.") % {"id": plan_id})
    _token_for(request, plan.organization)
    fields = payload.dict()
    links = _action_links(fields)
    action = services.action_save(
        by=request.auth.created_by, plan=plan, fields=_action_fields(fields), reason=token_reason(request.auth), **links
    )
    return Status(201, queries.action_detail(action.pk, user=request.auth.created_by))


@write_router.patch(
    "/actions/{action_id}",
    response=ActionLinksOut,
    summary="Change an action (with its organization's API token)",
)
def update_action(request, action_id: Id, payload: ActionPatch):
    action = _writable_action(request, action_id)
    fields = payload.dict(exclude_unset=True)
    links = _action_links(fields)
    services.action_save(
        by=request.auth.created_by,
        plan=action.plan,
        action=action,
        fields=_action_fields(fields),
        reason=token_reason(request.auth),
        **links,
    )
    return queries.action_detail(action.pk, user=request.auth.created_by)


@write_router.post(
    "/actions/{action_id}/updates",
    response={201: UpdateOut},
    summary="Post a status update on an action",
)
def create_update(request, action_id: Id, payload: UpdateIn):
    action = _writable_action(request, action_id)
    update = services.status_update_create(by=request.auth.created_by, action=action, **payload.dict())
    return Status(201, update)
