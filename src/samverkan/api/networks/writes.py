"""The coordinators' writes, with a network's API token: the network itself, memberships and criteria."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from samverkan.api.auth import TokenAuth, token_must_write_for, token_reason
from samverkan.core.errors import Invalid, NotFound
from samverkan.core.validation import Id, Slug, by_keys
from samverkan.networks import services
from samverkan.networks.models import (
    Criterion,
    CriterionKind,
    DatePrecision,
    Decision,
    Membership,
    MembershipRole,
    MembershipStatus,
    Network,
    NetworkKind,
)
from samverkan.networks.queries import network_or_404
from samverkan.places.models import Organization
from samverkan.places.queries import organization_or_404
from samverkan.targets.models import Commitment

from .reads import network_detail
from .schemas import CriterionOut, MembershipOut, NetworkDetailOut

write_router = Router(tags=["networks"], auth=TokenAuth())


def _network_token(request, network) -> None:
    token_must_write_for(request.auth, network=network)


def _network_for_write(request, slug: str) -> Network:
    network = network_or_404(slug)
    _network_token(request, network)
    return network


class NetworkPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    kind: NetworkKind | None = None
    description: str | None = Field(None, max_length=10000)
    website: str | None = Field(None, max_length=300)
    founded_year: int | None = Field(None, ge=1900, le=2100)
    refounded: dt.date | None = None
    source: str | None = Field(None, max_length=300)
    source_url: str | None = Field(None, max_length=500)


def _null_text_cleared(fields: dict, model) -> dict:
    """An explicit null for a text field the model stores as text (never NULL) clears it, as "" does; without this
    the database refused the null with a server error."""
    text = {f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)}
    text -= {f.name for f in model._meta.concrete_fields if f.null}
    return {name: "" if value is None and name in text else value for name, value in fields.items()}


@write_router.patch(
    "/networks/{slug}",
    response=NetworkDetailOut,
    summary="Change what the network says about itself (with the network's API token)",
)
def update_network(request, slug: Slug, payload: NetworkPatch):
    network = _network_for_write(request, slug)
    services.network_update(
        by=request.auth.created_by,
        network=network,
        fields=_null_text_cleared(payload.dict(exclude_unset=True), Network),
        reason=token_reason(request.auth),
    )
    return network_detail(slug)


class MembershipIn(Schema):
    organization_id: Id
    role: MembershipRole
    status: MembershipStatus
    since: dt.date | None = None
    since_precision: DatePrecision = DatePrecision.DAY
    until: dt.date | None = None
    representative: str = Field("", max_length=200)
    coordinator_id: Id | None = None
    supporter_name: str = Field("", max_length=200)
    source: str = Field("", max_length=300)
    groups: list[str] = Field(default_factory=list, max_length=50, description="Working-group names")
    commitments: list[str] = Field(default_factory=list, max_length=10, description="Commitment identifiers")


class MembershipPatch(Schema):
    role: MembershipRole | None = None
    status: MembershipStatus | None = None
    since: dt.date | None = None
    since_precision: DatePrecision | None = None
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


def _fresh(membership) -> Membership:
    return (
        Membership.objects.select_related("organization", "organization__territory", "network", "coordinator")
        .prefetch_related("commitments", "groups")
        .get(pk=membership.pk)
    )


@write_router.post(
    "/networks/{slug}/memberships",
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
        reason=token_reason(request.auth),
    )
    return Status(201, _fresh(membership))


@write_router.patch(
    "/memberships/{membership_id}",
    response=MembershipOut,
    summary="Change a membership: role, status, dates, representative, groups, commitments",
)
def update_membership(request, membership_id: Id, payload: MembershipPatch):
    membership = _membership_for_write(request, membership_id)
    fields = _null_text_cleared(payload.dict(exclude_unset=True), Membership)
    fields, groups, commitments = _membership_fields(membership.network, fields)
    services.membership_save(
        by=request.auth.created_by,
        network=membership.network,
        membership=membership,
        fields=fields,
        groups=groups,
        commitments=commitments,
        reason=token_reason(request.auth),
    )
    return _fresh(membership)


class DecisionIn(Schema):
    decision: Decision
    observer_until: dt.date | None = None
    reason: str = Field("", max_length=5000)


@write_router.post(
    "/memberships/{membership_id}/decision",
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
        change=token_reason(request.auth),
    )
    return _fresh(membership)


class CriterionIn(Schema):
    kind: CriterionKind
    years: int | None = Field(None, description="1 to 50, for the rules with N years")
    commitment: str | None = Field(None, description="Only for members with this commitment (its identifier)")
    name: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=300)
    position: int = Field(0, ge=0, le=1000)


class CriterionPatch(Schema):
    kind: CriterionKind | None = None
    years: int | None = None
    commitment: str | None = None
    name: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, max_length=300)
    position: int | None = Field(None, ge=0, le=1000)


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


@write_router.post(
    "/networks/{slug}/criteria",
    response={201: CriterionOut},
    summary="Add a membership criterion (with the network's API token)",
)
def create_criterion(request, slug: Slug, payload: CriterionIn):
    network = _network_for_write(request, slug)
    criterion = services.criterion_save(
        by=request.auth.created_by,
        network=network,
        fields=_criterion_fields(payload.dict()),
        reason=token_reason(request.auth),
    )
    return Status(201, criterion)


@write_router.patch(
    "/criteria/{criterion_id}",
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
        reason=token_reason(request.auth),
    )
    return criterion


@write_router.delete(
    "/criteria/{criterion_id}",
    response={204: None},
    summary="Remove a criterion (it stays in the history)",
)
def delete_criterion(request, criterion_id: Id):
    criterion = _criterion_for_write(request, criterion_id)
    services.criterion_delete(by=request.auth.created_by, criterion=criterion, reason=token_reason(request.auth))
    return Status(204, None)
