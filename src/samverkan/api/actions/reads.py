"""The action library and plans, open to read: the same query functions as the pages."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samverkan.actions import queries
from samverkan.api.pagination import LimitOffset, Window
from samverkan.api.schemas import MunicipalityCode
from samverkan.core.errors import NotFound
from samverkan.core.validation import Id
from samverkan.places.models import Organization
from samverkan.places.queries import organization_or_404

from .schemas import ActionDetailOut, ActionOut, PlanOut

router = Router(tags=["actions"])


class ActionFilter(Schema):
    q: str = Field(
        "",
        max_length=200,
        description=(
            "Words, Swedish or English; every word must match, in any form or as the start of a compound, and a "
            "Swedish climate term also through its English terms in the bundled glossary (direct matches first)"
        ),
    )
    sector: str = Field("", max_length=40, description="An SMHI main sector's identifier, e.g. transporter")
    covenant_sector: str = Field("", max_length=60)
    status: str = Field("", max_length=20, description="not_started, ongoing, completed, postponed, cancelled")
    policy_type: str = Field("", max_length=60)
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    organization: Id | None = None
    size: str = Field("", max_length=10, description="small, medium, large or city")
    min_effect: float | None = Field(None, ge=0)
    order: str = Field("", max_length=20, description="relevance, effect or title")


@router.get("/actions", response=list[ActionOut], summary="Search the action library")
@paginate(LimitOffset)
def list_actions(request, filters: Query[ActionFilter]):
    if filters.organization is not None and not Organization.objects.filter(pk=filters.organization).exists():
        raise NotFound(_("There is no organization %(id)s.") % {"id": filters.organization})
    library_filter = queries.LibraryFilter(**filters.dict())

    def fetch(*, offset: int, limit: int) -> tuple[int, list]:
        """The library pages by page number: the page holding `offset`, and the next when the window spans two."""
        page = offset // limit + 1
        found = queries.library_search(library_filter, page=page, page_size=limit)
        skip = offset % limit
        items = found.items[skip:]
        if skip and len(found.items) == limit:
            items += queries.library_search(library_filter, page=page + 1, page_size=limit).items[:skip]
        return found.total, items

    return Window(fetch)


@router.get(
    "/actions/{action_id}",
    response=ActionDetailOut,
    summary="An action, its updates and similar actions",
)
def get_action(request, action_id: Id):
    action = queries.action_detail(action_id, user=request.user)
    action.similar = queries.similar_actions(action)
    return action


@router.get(
    "/organizations/{organization_id}/action-plans",
    response=list[PlanOut],
    summary="An organization's action plans",
)
@paginate(LimitOffset)
def organization_plans(request, organization_id: Id):
    return queries.plans_of(organization_or_404(organization_id))


@router.get(
    "/municipalities/{code}/action-plans",
    response=list[PlanOut],
    summary="A municipality's action plans (by kommunkod)",
)
@paginate(LimitOffset)
def municipality_plans(request, code: MunicipalityCode):
    _organization, plans = queries.plans_of_municipality(code)
    return plans
