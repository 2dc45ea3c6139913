"""API for networks and memberships: open reads."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from samverkan.core.errors import NotFound
from samverkan.places.api import ErrorOut, MunicipalityCode
from samverkan.places.models import Organization

from . import queries

router = Router(tags=["networks"])


class NetworkOut(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    website: str
    founded_year: int | None
    members: int


class NetworkListOut(Schema):
    count: int
    items: list[NetworkOut]


class OrganizationRef(Schema):
    id: int
    name: str
    kind: str
    country: str = Field(description="SE for Swedish organizations")
    municipality_code: str | None


class MembershipOut(Schema):
    organization: OrganizationRef
    network: str
    role: str
    status: str
    since: dt.date | None
    since_precision: str = Field(description="day, month or year: how precisely the source gives the date")
    until: dt.date | None
    representative: str
    commitments: list[str]
    coordinator: str | None
    source: str


class NetworkDetailOut(NetworkOut):
    description: str
    coordinators: list[str]
    groups: list[str]
    source: str
    memberships: list[MembershipOut]


class MembershipListOut(Schema):
    count: int
    items: list[MembershipOut]


def _organization(organization: Organization) -> dict:
    territory = organization.territory
    return {
        "id": organization.pk,
        "name": organization.name,
        "kind": organization.kind,
        "country": "SE",
        "municipality_code": territory.code if territory is not None and territory.kind == "municipality" else None,
    }


def membership_out(membership) -> dict:
    return {
        "organization": _organization(membership.organization),
        "network": membership.network.slug,
        "role": membership.role,
        "status": membership.status,
        "since": membership.since,
        "since_precision": membership.since_precision,
        "until": membership.until,
        "representative": membership.representative,
        "commitments": [c.slug for c in membership.commitments.all()],
        "coordinator": membership.coordinator.name if membership.coordinator_id else None,
        "source": membership.source,
    }


def _network(network, members: int) -> dict:
    return {
        "slug": network.slug,
        "name": network.name,
        "name_en": network.name_en,
        "kind": network.kind,
        "website": network.website,
        "founded_year": network.founded_year,
        "members": members,
    }


@router.get("/networks", response=NetworkListOut, summary="Networks")
def list_networks(request):
    items = [_network(n, n.member_count) for n in queries.network_list()]
    return {"count": len(items), "items": items}


class MemberFilter(Schema):
    role: str | None = Field(None, max_length=20, description="member, signatory, observer, coordinator, supporter")


@router.get("/networks/{slug}", response={200: NetworkDetailOut, 404: ErrorOut}, summary="A network and its members")
def get_network(request, slug: str, filters: Query[MemberFilter]):
    network = queries.network_detail(slug)
    memberships = [m for m in network.all_memberships if not filters.role or m.role == filters.role]
    active = sum(1 for m in network.all_memberships if m.status in ("active", "observer"))
    return {
        **_network(network, active),
        "description": network.description,
        "coordinators": [o.name for o in network.coordinating_organizations.all()],
        "groups": [g.name for g in network.groups.all()],
        "source": network.source,
        "memberships": [membership_out(m) for m in memberships],
    }


@router.get(
    "/municipalities/{code}/networks",
    response={200: MembershipListOut, 404: ErrorOut},
    summary="The networks a municipality belongs to",
)
def municipality_networks(request, code: MunicipalityCode):
    items = [membership_out(m) for m in queries.memberships_of_municipality(code)]
    return {"count": len(items), "items": items}


@router.get(
    "/organizations/{organization_id}/networks",
    response={200: MembershipListOut, 404: ErrorOut},
    summary="The networks an organization belongs to",
)
def organization_networks(request, organization_id: int):
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("There is no organization %(id)s.") % {"id": organization_id})
    items = [membership_out(m) for m in queries.memberships_of(organization)]
    return {"count": len(items), "items": items}


class CriterionResultOut(Schema):
    criterion: str
    rule: str
    result: str = Field(description="met, not_met or unknown")
    reason: str
    evidence: str


class MemberCriteriaOut(Schema):
    organization: OrganizationRef
    criteria: list[CriterionResultOut]


class CriteriaListOut(Schema):
    count: int
    items: list[MemberCriteriaOut]


@router.get(
    "/networks/{slug}/criteria",
    response={200: CriteriaListOut, 404: ErrorOut},
    summary="Each member's result on the network's criteria",
)
def network_criteria(request, slug: str):
    network = queries.network_detail(slug)
    _criteria, matrix = queries.network_criteria(network)
    items = [
        {
            "organization": _organization(membership.organization),
            "criteria": [
                {
                    "criterion": r.criterion,
                    "rule": r.kind,
                    "result": r.result,
                    "reason": r.reason,
                    "evidence": r.evidence,
                }
                for r in results
            ],
        }
        for membership, results in matrix
    ]
    return {"count": len(items), "items": items}
