"""API for action plans and the action library: the same query functions as the pages."""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from samverkan.actions import queries, services
from samverkan.actions.models import Action, ActionPlan, InterventionArea
from samverkan.api.auth import TokenAuth, token_must_write_for, token_reason
from samverkan.api.places import MunicipalityCode
from samverkan.core.errors import Invalid, NotFound
from samverkan.core.validation import Id, by_keys
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG
from samverkan.indicators.models import Indicator
from samverkan.places.models import Organization
from samverkan.places.queries import organization_or_404
from samverkan.targets.models import Target

router = Router(tags=["actions"])


class PlanRef(Schema):
    id: int
    title: str
    organization: int
    organization_name: str
    country: str
    is_example: bool = Field(description="An example from the JRC data brief, not a Swedish municipality's plan")


class ActionOut(Schema):
    id: int
    title: str
    description: str
    plan: PlanRef
    sector: str | None = Field(description="The SMHI main sector's identifier")
    covenant_sector: str
    area: str | None = Field(description="The Covenant's area of intervention")
    policy_type: str
    status: str
    completion: int | None
    start: dt.date | None
    end: dt.date | None
    effect_t_co2e: float | None
    effect_mwh: float | None
    cost_sek: float | None
    source_id: str


class ActionListOut(Schema):
    count: int
    page: int
    pages: int
    items: list[ActionOut]


class UpdateOut(Schema):
    date: dt.date
    status: str
    completion: int | None
    note: str


class ActionLinksOut(ActionOut):
    targets: list[int] = Field(description="The ids of the targets the action serves")
    indicators: list[str] = Field(description="The identifiers of the key indicators that follow it up")


class ActionDetailOut(ActionLinksOut):
    updates: list[UpdateOut]
    similar: list[ActionOut]


class PlanOut(Schema):
    id: int
    title: str
    status: str = Field(description="draft, adopted, replaced or not_found (a survey found no plan)")
    adopted_year: int | None
    adopted_on: dt.date | None
    adopted_by: str
    period_from: int | None
    period_to: int | None
    document_url: str
    note: str
    source: str
    actions: int


class PlanListOut(Schema):
    count: int
    items: list[PlanOut]


def _plan_ref(plan) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "organization": plan.organization_id,
        "organization_name": plan.organization.name,
        "country": plan.organization.country,
        "is_example": plan.is_example,
    }


def action_out(action) -> dict:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "plan": _plan_ref(action.plan),
        "sector": action.sector.slug if action.sector_id else None,
        "covenant_sector": action.covenant_sector,
        "area": action.area_id,
        "policy_type": action.policy_type,
        "status": action.status,
        "completion": action.completion,
        "start": action.start,
        "end": action.end,
        "effect_t_co2e": action.effect_t_co2e,
        "effect_mwh": action.effect_mwh,
        "cost_sek": action.cost_sek,
        "source_id": action.source_id,
    }


def action_links_out(action) -> dict:
    """An action with its targets and key indicators (prefetched by queries.action_detail)."""
    return {
        **action_out(action),
        "targets": [target.pk for target in action.targets.all()],
        "indicators": [indicator.slug for indicator in action.indicators.all()],
    }


class ActionFilter(Schema):
    q: str = Field("", max_length=200, description="Words, Swedish or English; every word must match")
    sector: str = Field("", max_length=40, description="An SMHI main sector's identifier, e.g. transporter")
    covenant_sector: str = Field("", max_length=60)
    status: str = Field("", max_length=20, description="not_started, ongoing, completed, postponed, cancelled")
    policy_type: str = Field("", max_length=60)
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    organization: Id | None = None
    size: str = Field("", max_length=10, description="small, medium, large or city")
    min_effect: float | None = Field(None, ge=0)
    order: str = Field("", max_length=20, description="relevance, effect or title")
    page: int = Field(1, ge=1, le=10000)


@router.get("/actions", response=ActionListOut, summary="Search the action library")
def list_actions(request, filters: Query[ActionFilter]):
    if filters.organization is not None and not Organization.objects.filter(pk=filters.organization).exists():
        raise NotFound(_("There is no organization %(id)s.") % {"id": filters.organization})
    found = queries.library_search(
        queries.LibraryFilter(
            q=filters.q,
            sector=filters.sector,
            covenant_sector=filters.covenant_sector,
            status=filters.status,
            policy_type=filters.policy_type,
            country=filters.country,
            size=filters.size,
            min_effect=filters.min_effect,
            order=filters.order,
            organization=filters.organization,
        ),
        page=filters.page,
    )
    return {
        "count": found.total,
        "page": found.page,
        "pages": found.pages,
        "items": [action_out(a) for a in found.items],
    }


@router.get(
    "/actions/{action_id}",
    response=ActionDetailOut,
    summary="An action, its updates and similar actions",
)
def get_action(request, action_id: Id):
    action = queries.action_detail(action_id, user=request.user)
    return {
        **action_links_out(action),
        "updates": [
            {"date": u.date, "status": u.status, "completion": u.completion, "note": u.note}
            for u in action.updates.all()
        ],
        "similar": [action_out(a) for a in queries.similar_actions(action)],
    }


def _plans_out(plans) -> dict:
    items = [
        {
            "id": p.pk,
            "title": p.title,
            "status": p.status,
            "adopted_year": p.adopted_year,
            "adopted_on": p.adopted_on,
            "adopted_by": p.adopted_by,
            "period_from": p.period_from,
            "period_to": p.period_to,
            "document_url": p.document_url,
            "note": p.note,
            "source": p.source,
            "actions": p.action_count,
        }
        for p in plans
    ]
    return {"count": len(items), "items": items}


@router.get(
    "/organizations/{organization_id}/action-plans",
    response=PlanListOut,
    summary="An organization's action plans",
)
def organization_plans(request, organization_id: Id):
    organization = organization_or_404(organization_id)
    return _plans_out(queries.plans_of(organization))


@router.get(
    "/municipalities/{code}/action-plans",
    response=PlanListOut,
    summary="A municipality's action plans (by kommunkod)",
)
def municipality_plans(request, code: MunicipalityCode):
    _organization, plans = queries.plans_of_municipality(code)
    return _plans_out(plans)


# --- writes with an organization's API token ---------------------------------------------------------

StatusName = Literal["not_started", "ongoing", "completed", "postponed", "cancelled"]
PlanStatusName = Literal["draft", "adopted", "replaced"]


class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    status: PlanStatusName = "draft"
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
    status: StatusName = "not_started"
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
    status: StatusName | None = None
    completion: int | None = Field(None, ge=0, le=100)
    effect_t_co2e: float | None = Field(None, ge=0)
    effect_mwh: float | None = None
    cost_sek: float | None = Field(None, ge=0)
    public: bool | None = None
    targets: list[Id] | None = Field(None, max_length=50)
    indicators: list[str] | None = Field(None, max_length=50)


class UpdateIn(Schema):
    date: dt.date
    status: StatusName
    completion: int | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=5000)


def _token_for(request, organization) -> None:
    token_must_write_for(request.auth, organization_id=organization.pk, what=organization)


def _reason(request) -> str:
    return token_reason(request.auth)


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


@router.post(
    "/organizations/{organization_id}/action-plans",
    auth=TokenAuth(),
    response={201: PlanOut},
    summary="Record an action plan (with the organization's API token)",
)
def create_plan(request, organization_id: Id, payload: PlanIn):
    organization = organization_or_404(organization_id)
    _token_for(request, organization)
    plan = services.plan_save(
        by=request.auth.created_by, organization=organization, fields=payload.dict(), reason=_reason(request)
    )
    plan.action_count = 0
    return HttpStatus(201, _plans_out([plan])["items"][0])


@router.post(
    "/action-plans/{plan_id}/actions",
    auth=TokenAuth(),
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
        by=request.auth.created_by, plan=plan, fields=_action_fields(fields), reason=_reason(request), **links
    )
    return HttpStatus(201, action_links_out(queries.action_detail(action.pk, user=request.auth.created_by)))


@router.patch(
    "/actions/{action_id}",
    auth=TokenAuth(),
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
        reason=_reason(request),
        **links,
    )
    return action_links_out(queries.action_detail(action.pk, user=request.auth.created_by))


@router.post(
    "/actions/{action_id}/updates",
    auth=TokenAuth(),
    response={201: UpdateOut},
    summary="Post a status update on an action",
)
def create_update(request, action_id: Id, payload: UpdateIn):
    action = _writable_action(request, action_id)
    update = services.status_update_create(by=request.auth.created_by, action=action, **payload.dict())
    return HttpStatus(
        201, {"date": update.date, "status": update.status, "completion": update.completion, "note": update.note}
    )
