"""API for action plans and the action library: the same query functions as the pages."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from samverkan.core.errors import NotFound
from samverkan.places.api import ErrorOut, MunicipalityCode
from samverkan.places.models import Organization

from . import queries

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


class ActionDetailOut(ActionOut):
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


class ActionFilter(Schema):
    q: str = Field("", max_length=200, description="Words, Swedish or English; every word must match")
    sector: str = Field("", max_length=40, description="An SMHI main sector's identifier, e.g. transporter")
    covenant_sector: str = Field("", max_length=60)
    status: str = Field("", max_length=20, description="not_started, ongoing, completed, postponed, cancelled")
    policy_type: str = Field("", max_length=60)
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    organization: int | None = None
    size: str = Field("", max_length=10, description="small, medium, large or city")
    min_effect: float | None = Field(None, ge=0)
    order: str = Field("", max_length=20, description="relevance, effect or title")
    page: int = Field(1, ge=1, le=10000)


@router.get(
    "/actions", response={200: ActionListOut, 404: ErrorOut, 422: ErrorOut}, summary="Search the action library"
)
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
    response={200: ActionDetailOut, 404: ErrorOut},
    summary="An action, its updates and similar actions",
)
def get_action(request, action_id: int):
    action = queries.action_detail(action_id, user=request.user)
    return {
        **action_out(action),
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
    response={200: PlanListOut, 404: ErrorOut},
    summary="An organization's action plans",
)
def organization_plans(request, organization_id: int):
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("There is no organization %(id)s.") % {"id": organization_id})
    return _plans_out(queries.plans_of(organization))


@router.get(
    "/municipalities/{code}/action-plans",
    response={200: PlanListOut, 404: ErrorOut},
    summary="A municipality's action plans (by kommunkod)",
)
def municipality_plans(request, code: MunicipalityCode):
    _organization, plans = queries.plans_of_municipality(code)
    return _plans_out(plans)
