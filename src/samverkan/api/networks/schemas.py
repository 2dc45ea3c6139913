"""What the network operations answer, read from the models: networks, memberships, criteria."""

import datetime as dt

from ninja import Field, ModelSchema, Schema

from samverkan.networks.models import (
    CriterionKind,
    DatePrecision,
    MembershipRole,
    MembershipStatus,
    NetworkKind,
    ReportingObligation,
)
from samverkan.places.models import OrganizationKind, TerritoryKind


class NetworkOut(Schema):
    slug: str
    name: str
    name_en: str
    kind: NetworkKind
    website: str
    founded_year: int | None
    member_count: int = Field(
        description="Members and signatories in force (active, observer or on hold), in every country; "
        "observers, coordinators and supporters are counted apart"
    )
    observer_count: int = Field(description="Observers in force, in every country")
    coordinator_count: int = Field(description="Coordinators in force")
    supporter_count: int = Field(description="Supporters in force")


class ObligationOut(ModelSchema):
    every_years: int | None = Field(description="null when the network gives no interval")

    class Meta:
        model = ReportingObligation
        fields = ["name", "name_en", "source"]


class NetworkDetailOut(NetworkOut):
    """A network; its members are listed, a page at a time, by /networks/{slug}/members."""

    description: str
    coordinators: list[str]
    groups: list[str]
    source: str
    obligations: list[ObligationOut]

    @staticmethod
    def resolve_coordinators(network) -> list[str]:
        return [organization.name for organization in network.coordinating_organizations.all()]

    @staticmethod
    def resolve_groups(network) -> list[str]:
        return [group.name for group in network.groups.all()]


class OrganizationRef(Schema):
    id: int
    name: str
    kind: OrganizationKind
    country: str = Field(description="SE for Swedish organizations")
    municipality_code: str | None

    @staticmethod
    def resolve_municipality_code(organization) -> str | None:
        territory = organization.territory
        return territory.code if territory is not None and territory.kind == TerritoryKind.MUNICIPALITY else None


class MembershipOut(Schema):
    id: int
    organization: OrganizationRef
    network: str = Field(alias="network.slug")
    role: MembershipRole
    status: MembershipStatus
    since: dt.date | None
    since_precision: DatePrecision = Field(description="day, month or year: how precisely the source gives the date")
    until: dt.date | None
    representative: str
    commitments: list[str]
    groups: list[str]
    coordinator: str | None
    source: str

    @staticmethod
    def resolve_commitments(membership) -> list[str]:
        return [commitment.slug for commitment in membership.commitments.all()]

    @staticmethod
    def resolve_groups(membership) -> list[str]:
        return [group.name for group in membership.groups.all()]

    @staticmethod
    def resolve_coordinator(membership) -> str | None:
        return membership.coordinator.name if membership.coordinator_id else None


class CriterionResultOut(Schema):
    """Read from `networks.criteria.CriterionResult`."""

    criterion: str
    rule: CriterionKind = Field(alias="kind")
    result: str = Field(description="met, not_met, unknown or not_applicable (a criterion for a commitment not taken)")
    reason: str
    evidence: str


class MemberCriteriaOut(Schema):
    """Read from a (membership, its results) pair."""

    organization: OrganizationRef
    criteria: list[CriterionResultOut]

    @staticmethod
    def resolve_organization(pair):
        return pair[0].organization

    @staticmethod
    def resolve_criteria(pair):
        return pair[1]


class CriterionOut(Schema):
    id: int
    network: str = Field(alias="network.slug")
    kind: CriterionKind
    years: int | None
    commitment: str | None
    name: str
    name_en: str
    position: int

    @staticmethod
    def resolve_commitment(criterion) -> str | None:
        return criterion.commitment.slug if criterion.commitment_id else None
