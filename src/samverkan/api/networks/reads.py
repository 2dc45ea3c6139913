"""The networks' open reads: the networks, one network, its members, their criteria, and who belongs where."""

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samverkan.api.pagination import LimitOffset, Window
from samverkan.api.schemas import MunicipalityCode
from samverkan.core.db import swedish
from samverkan.core.validation import Id, Slug
from samverkan.networks import queries
from samverkan.networks.criteria import evaluate
from samverkan.networks.models import MembershipRole, Network
from samverkan.networks.queries import network_or_404
from samverkan.places.queries import organization_or_404

from .schemas import MemberCriteriaOut, MembershipOut, NetworkDetailOut, NetworkOut

router = Router(tags=["networks"])


def network_detail(slug: str) -> Network:
    """The network with its coordinators, groups and obligations, and its counts (`NetworkQuerySet.with_counts`)."""
    return network_or_404(
        slug, Network.objects.with_counts().prefetch_related("coordinating_organizations", "groups", "obligations")
    )


@router.get("/networks", response=list[NetworkOut], summary="Networks")
@paginate(LimitOffset)
def list_networks(request):
    return queries.network_list()


class MemberFilter(Schema):
    role: MembershipRole | None = Field(None, description="member, signatory, observer, coordinator, supporter")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 code of the members' country, e.g. SE"
    )


def _members(network: Network, country: str | None) -> QuerySet:
    """The network's memberships, of one country's organizations when given, by name (then id: a stable page)."""
    return queries.memberships_in(network, country=country).order_by(swedish("organization__name"), "pk")


@router.get("/networks/{slug}", response=NetworkDetailOut, summary="A network")
def get_network(request, slug: Slug):
    return network_detail(slug)


@router.get("/networks/{slug}/members", response=list[MembershipOut], summary="A network's members, by name")
@paginate(LimitOffset)
def network_members(request, slug: Slug, filters: Query[MemberFilter]):
    members = _members(network_or_404(slug), filters.country)
    return members.filter(role=filters.role) if filters.role else members


@router.get(
    "/municipalities/{code}/networks",
    response=list[MembershipOut],
    summary="The networks a municipality belongs to",
)
@paginate(LimitOffset)
def municipality_networks(request, code: MunicipalityCode):
    return queries.memberships_of_municipality(code)


@router.get(
    "/organizations/{organization_id}/networks",
    response=list[MembershipOut],
    summary="The networks an organization belongs to",
)
@paginate(LimitOffset)
def organization_networks(request, organization_id: Id):
    return queries.memberships_of(organization_or_404(organization_id))


@router.get(
    "/networks/{slug}/criteria",
    response=list[MemberCriteriaOut],
    summary="Each member's result on the network's criteria",
)
@paginate(LimitOffset)
def network_criteria(request, slug: Slug, filters: Query[MemberFilter]):
    network = network_or_404(slug)
    criteria = list(network.criteria.select_related("commitment").order_by("position", "id"))
    members = _members(network, filters.country).listed()
    if filters.role:
        members = members.filter(role=filters.role)

    def fetch(*, offset: int, limit: int) -> tuple[int, list]:
        page = list(members[offset : offset + limit])
        results = evaluate(criteria, page)  # one page's members only: each member's results are its own
        return members.count(), [(membership, results[membership.pk]) for membership in page]

    return Window(fetch)
