"""API for networks and memberships: open reads, and writes with a network's API token for its coordinators."""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from samverkan.api.auth import TokenAuth, token_must_write_for, token_reason
from samverkan.api.places import MunicipalityCode
from samverkan.core.errors import Invalid, NotFound
from samverkan.core.validation import Id, Slug, by_keys
from samverkan.networks import queries, services
from samverkan.networks.models import Criterion, Membership, Network
from samverkan.places.models import Organization
from samverkan.places.queries import organization_or_404
from samverkan.targets.models import Commitment

router = Router(tags=["networks"])


class NetworkOut(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    website: str
    founded_year: int | None
    member_count: int = Field(
        description="Members and signatories in force (active, observer or on hold), in every country; "
        "observers, coordinators and supporters are counted apart"
    )
    observer_count: int = Field(description="Observers in force, in every country")
    coordinator_count: int = Field(description="Coordinators in force")
    supporter_count: int = Field(description="Supporters in force")


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
    id: int
    organization: OrganizationRef
    network: str
    role: str
    status: str
    since: dt.date | None
    since_precision: str = Field(description="day, month or year: how precisely the source gives the date")
    until: dt.date | None
    representative: str
    commitments: list[str]
    groups: list[str]
    coordinator: str | None
    source: str


class ObligationOut(Schema):
    name: str
    name_en: str
    every_years: int | None = Field(description="null when the network gives no interval")
    source: str


class NetworkDetailOut(NetworkOut):
    description: str
    coordinators: list[str]
    groups: list[str]
    source: str
    obligations: list[ObligationOut]
    members: list[MembershipOut]


class MembershipListOut(Schema):
    count: int
    items: list[MembershipOut]


def _organization(organization: Organization) -> dict:
    territory = organization.territory
    return {
        "id": organization.pk,
        "name": organization.name,
        "kind": organization.kind,
        "country": organization.country,
        "municipality_code": territory.code if territory is not None and territory.kind == "municipality" else None,
    }


def membership_out(membership) -> dict:
    return {
        "id": membership.pk,
        "organization": _organization(membership.organization),
        "network": membership.network.slug,
        "role": membership.role,
        "status": membership.status,
        "since": membership.since,
        "since_precision": membership.since_precision,
        "until": membership.until,
        "representative": membership.representative,
        "commitments": [c.slug for c in membership.commitments.all()],
        "groups": [g.name for g in membership.groups.all()],
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
        "member_count": members,
        "observer_count": network.observer_count,
        "coordinator_count": network.coordinator_count,
        "supporter_count": network.supporter_count,
    }


@router.get("/networks", response=NetworkListOut, summary="Networks")
def list_networks(request):
    items = [_network(n, n.member_count) for n in queries.network_list()]
    return {"count": len(items), "items": items}


class MemberFilter(Schema):
    role: str | None = Field(None, max_length=20, description="member, signatory, observer, coordinator, supporter")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 code of the members' country, e.g. SE"
    )


@router.get("/networks/{slug}", response=NetworkDetailOut, summary="A network and its members")
def get_network(request, slug: Slug, filters: Query[MemberFilter]):
    network = queries.network_detail(slug, country=filters.country)
    memberships = [m for m in network.all_memberships if not filters.role or m.role == filters.role]
    return {
        **_network(network, network.member_count),
        "description": network.description,
        "coordinators": [o.name for o in network.coordinating_organizations.all()],
        "groups": [g.name for g in network.groups.all()],
        "source": network.source,
        "obligations": [
            {"name": o.name, "name_en": o.name_en, "every_years": o.every_years, "source": o.source}
            for o in network.obligations.all()
        ],
        "members": [membership_out(m) for m in memberships],
    }


@router.get(
    "/municipalities/{code}/networks",
    response=MembershipListOut,
    summary="The networks a municipality belongs to",
)
def municipality_networks(request, code: MunicipalityCode):
    items = [membership_out(m) for m in queries.memberships_of_municipality(code)]
    return {"count": len(items), "items": items}


@router.get(
    "/organizations/{organization_id}/networks",
    response=MembershipListOut,
    summary="The networks an organization belongs to",
)
def organization_networks(request, organization_id: Id):
    organization = organization_or_404(organization_id)
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
    response=CriteriaListOut,
    summary="Each member's result on the network's criteria",
)
def network_criteria(request, slug: Slug, filters: Query[MemberFilter]):
    network = queries.network_detail(slug, country=filters.country)
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


# --- writes: a network's API token, created by one of its coordinators ------------------------------


def _network_token(request, network) -> None:
    token_must_write_for(request.auth, network=network)


def _reason(request) -> str:
    return token_reason(request.auth)


def _network_for_write(request, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise NotFound(_("There is no network %(slug)s.") % {"slug": slug})
    _network_token(request, network)
    return network


Kind = Literal["association", "commitment", "collaboration", "council", "campaign", "designation"]
Role = Literal["member", "observer", "signatory", "coordinator", "supporter"]
Status = Literal["applied", "active", "observer", "on_hold", "left", "declined"]
Precision = Literal["day", "month", "year"]
RuleKind = Literal[
    "inventory_recent",
    "has_target",
    "has_action_plan",
    "reported_latest_round",
    "plan_within_years",
    "monitoring_every",
    "trend_meets_commitment",
]


class NetworkPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    kind: Kind | None = None
    description: str | None = Field(None, max_length=10000)
    website: str | None = Field(None, max_length=300)
    founded_year: int | None = Field(None, ge=1900, le=2100)
    refounded: dt.date | None = None
    source: str | None = Field(None, max_length=300)
    source_url: str | None = Field(None, max_length=500)


@router.patch(
    "/networks/{slug}",
    auth=TokenAuth(),
    response=NetworkDetailOut,
    summary="Change what the network says about itself (with the network's API token)",
)
def update_network(request, slug: Slug, payload: NetworkPatch):
    network = _network_for_write(request, slug)
    services.network_update(
        by=request.auth.created_by, network=network, fields=payload.dict(exclude_unset=True), reason=_reason(request)
    )
    return get_network(request, slug, MemberFilter())


class MembershipIn(Schema):
    organization_id: Id
    role: Role
    status: Status
    since: dt.date | None = None
    since_precision: Precision = "day"
    until: dt.date | None = None
    representative: str = Field("", max_length=200)
    coordinator_id: Id | None = None
    supporter_name: str = Field("", max_length=200)
    source: str = Field("", max_length=300)
    groups: list[str] = Field(default_factory=list, max_length=50, description="Working-group names")
    commitments: list[str] = Field(default_factory=list, max_length=10, description="Commitment identifiers")


class MembershipPatch(Schema):
    role: Role | None = None
    status: Status | None = None
    since: dt.date | None = None
    since_precision: Precision | None = None
    until: dt.date | None = None
    representative: str | None = Field(None, max_length=200)
    coordinator_id: Id | None = None
    supporter_name: str | None = Field(None, max_length=200)
    source: str | None = Field(None, max_length=300)
    groups: list[str] | None = Field(None, max_length=50)
    commitments: list[str] | None = Field(None, max_length=10)


def _membership_fields(network, fields: dict) -> tuple[dict, list | None, list | None]:
    """Resolve names and identifiers in a membership payload; an unknown one is refused by name.

    A list given as null leaves the membership's groups or commitments as they are, like one left out.
    """

    groups, commitments = fields.pop("groups", None), fields.pop("commitments", None)
    if groups is not None:
        groups = by_keys(
            network.groups.all(),
            groups,
            field="name",
            unknown=_("%(network)s has no working group %(keys)s."),
            network=network,
        )
    if commitments is not None:
        commitments = by_keys(
            Commitment.objects.all(),
            commitments,
            field="slug",
            unknown=_("There is no commitment %(keys)s."),
        )
    if "coordinator_id" in fields:
        coordinator_id = fields.pop("coordinator_id")
        fields["coordinator"] = None
        if coordinator_id is not None:
            fields["coordinator"] = Organization.objects.filter(pk=coordinator_id).first()
            if fields["coordinator"] is None:
                raise Invalid(_("There is no organization %(id)s to coordinate.") % {"id": coordinator_id})
    return fields, groups, commitments


def _membership_for_write(request, membership_id: int) -> Membership:
    membership = (
        Membership.objects.filter(pk=membership_id).select_related("network", "organization", "coordinator").first()
    )
    if membership is None:
        raise NotFound(_("There is no membership %(id)s.") % {"id": membership_id})
    _network_token(request, membership.network)
    return membership


def _fresh(membership) -> dict:
    return membership_out(
        Membership.objects.select_related("organization", "organization__territory", "network", "coordinator")
        .prefetch_related("commitments", "groups")
        .get(pk=membership.pk)
    )


@router.post(
    "/networks/{slug}/memberships",
    auth=TokenAuth(),
    response={201: MembershipOut},
    summary="Record a membership (with the network's API token)",
)
def create_membership(request, slug: Slug, payload: MembershipIn):
    network = _network_for_write(request, slug)
    fields = payload.dict()
    organization = organization_or_404(fields.pop("organization_id"))
    fields, groups, commitments = _membership_fields(network, fields)
    membership = services.membership_save(
        by=request.auth.created_by,
        network=network,
        organization=organization,
        fields=fields,
        groups=groups,
        commitments=commitments,
        reason=_reason(request),
    )
    return HttpStatus(201, _fresh(membership))


@router.patch(
    "/memberships/{membership_id}",
    auth=TokenAuth(),
    response=MembershipOut,
    summary="Change a membership: role, status, dates, representative, groups, commitments",
)
def update_membership(request, membership_id: Id, payload: MembershipPatch):
    membership = _membership_for_write(request, membership_id)
    fields, groups, commitments = _membership_fields(membership.network, payload.dict(exclude_unset=True))
    services.membership_save(
        by=request.auth.created_by,
        network=membership.network,
        membership=membership,
        fields=fields,
        groups=groups,
        commitments=commitments,
        reason=_reason(request),
    )
    return _fresh(membership)


class DecisionIn(Schema):
    decision: Literal["member", "observer", "decline"]
    observer_until: dt.date | None = None
    reason: str = Field("", max_length=5000)


@router.post(
    "/memberships/{membership_id}/decision",
    auth=TokenAuth(),
    response=MembershipOut,
    summary="Decide an application: member, observer until a date, or decline with a reason",
)
def decide_application(request, membership_id: Id, payload: DecisionIn):
    membership = _membership_for_write(request, membership_id)
    services.membership_decide(
        by=request.auth.created_by,
        membership=membership,
        decision=payload.decision,
        observer_until=payload.observer_until,
        reason=payload.reason,
        change=_reason(request),
    )
    return _fresh(membership)


class CriterionIn(Schema):
    kind: RuleKind
    years: int | None = Field(None, description="1 to 50, for the rules with N years")
    commitment: str | None = Field(None, description="Only for members with this commitment (its identifier)")
    name: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=300)
    position: int = Field(0, ge=0, le=1000)


class CriterionPatch(Schema):
    kind: RuleKind | None = None
    years: int | None = None
    commitment: str | None = None
    name: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, max_length=300)
    position: int | None = Field(None, ge=0, le=1000)


class CriterionOut(Schema):
    id: int
    network: str
    kind: str
    years: int | None
    commitment: str | None
    name: str
    name_en: str
    position: int


def _criterion_out(criterion: Criterion) -> dict:
    return {
        "id": criterion.pk,
        "network": criterion.network.slug,
        "kind": criterion.kind,
        "years": criterion.years,
        "commitment": criterion.commitment.slug if criterion.commitment_id else None,
        "name": criterion.name,
        "name_en": criterion.name_en,
        "position": criterion.position,
    }


def _criterion_fields(fields: dict) -> dict:
    if "years" in fields and fields["years"] is not None and fields["years"] < 0:
        raise Invalid(_("years (N): %(value)s is negative; give 1 to 50.") % {"value": fields["years"]})
    if "commitment" in fields:  # "" or null: the criterion applies to every member
        slug = fields["commitment"] or ""
        fields["commitment"] = (
            by_keys(Commitment.objects.all(), [slug], field="slug", unknown=_("There is no commitment %(keys)s."))[0]
            if slug
            else None
        )
    return fields


def _criterion_for_write(request, criterion_id: int) -> Criterion:
    criterion = Criterion.objects.filter(pk=criterion_id).select_related("network", "commitment").first()
    if criterion is None:
        raise NotFound(_("There is no criterion %(id)s.") % {"id": criterion_id})
    _network_token(request, criterion.network)
    return criterion


@router.post(
    "/networks/{slug}/criteria",
    auth=TokenAuth(),
    response={201: CriterionOut},
    summary="Add a membership criterion (with the network's API token)",
)
def create_criterion(request, slug: Slug, payload: CriterionIn):
    network = _network_for_write(request, slug)
    criterion = services.criterion_save(
        by=request.auth.created_by, network=network, fields=_criterion_fields(payload.dict()), reason=_reason(request)
    )
    return HttpStatus(201, _criterion_out(criterion))


@router.patch(
    "/criteria/{criterion_id}",
    auth=TokenAuth(),
    response=CriterionOut,
    summary="Change a criterion's settings",
)
def update_criterion(request, criterion_id: Id, payload: CriterionPatch):
    criterion = _criterion_for_write(request, criterion_id)
    criterion = services.criterion_save(
        by=request.auth.created_by,
        network=criterion.network,
        criterion=criterion,
        fields=_criterion_fields(payload.dict(exclude_unset=True)),
        reason=_reason(request),
    )
    return _criterion_out(criterion)


@router.delete(
    "/criteria/{criterion_id}",
    auth=TokenAuth(),
    response={204: None},
    summary="Remove a criterion (it stays in the history)",
)
def delete_criterion(request, criterion_id: Id):
    criterion = _criterion_for_write(request, criterion_id)
    services.criterion_delete(by=request.auth.created_by, criterion=criterion, reason=_reason(request))
    return HttpStatus(204, None)
