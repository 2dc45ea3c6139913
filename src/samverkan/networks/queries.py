"""Reads for networks and memberships, shared by pages and API."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.places.models import Organization, TerritoryKind

from .models import Membership, Network


def network_list() -> list[Network]:
    return list(
        Network.objects.annotate(
            member_count=Count("memberships", filter=Q(memberships__status__in=["active", "observer"]))
        ).order_by("name")
    )


def _memberships():
    return Membership.objects.select_related(
        "organization", "organization__territory", "network", "coordinator"
    ).prefetch_related("commitments", "groups")


def network_detail(slug: str) -> Network:
    network = (
        Network.objects.filter(slug=slug)
        .prefetch_related(
            "coordinating_organizations",
            "groups",
            "commitments",
            Prefetch("memberships", queryset=_memberships().order_by("organization__name"), to_attr="all_memberships"),
        )
        .first()
    )
    if network is None:
        raise NotFound(_("There is no network %(slug)s.") % {"slug": slug})
    return network


def memberships_of(organization: Organization) -> list[Membership]:
    return list(_memberships().filter(organization=organization).order_by("network__name"))


def memberships_of_municipality(code: str) -> list[Membership]:
    organization = Organization.objects.filter(governs__code=code, governs__kind=TerritoryKind.MUNICIPALITY).first()
    if organization is None:
        raise NotFound(_("There is no municipality with the code %(code)s.") % {"code": code})
    return memberships_of(organization)


def municipality_memberships(code: str) -> list[Membership]:
    """A municipality's memberships for its page: two queries (memberships, then their commitments)."""
    return list(
        Membership.objects.filter(
            organization__governs__code=code, organization__governs__kind=TerritoryKind.MUNICIPALITY
        )
        .select_related("network")
        .prefetch_related("commitments")
        .order_by("network__name")
    )


MEMBER_ROLES = ("member", "signatory", "observer")


def network_criteria(network: Network) -> tuple[list, list]:
    """The network's criteria and, for each member, its result on each: (criteria, [(membership, results)])."""
    from .criteria import evaluate

    criteria = list(network.criteria.select_related("commitment").order_by("position", "id"))
    members = [m for m in network.all_memberships if m.role in MEMBER_ROLES]
    results = evaluate(criteria, members)
    return criteria, [(m, results[m.pk]) for m in members]


def combined_emissions(network: Network):
    """The members' municipal emissions added up by year (default release), and each commitment's level on them.

    Returns (release summary, {year: tonnes}, number of municipalities, [(target, level)]) or None without data.
    """
    from django.db.models import Sum

    from samverkan.emissions.models import EmissionValue, Sector
    from samverkan.emissions.queries import RESIDUAL_SLUG, load_releases, resolve_release

    loaded = load_releases()
    if not loaded:
        return None
    release, summary = resolve_release(None, loaded)
    territory_ids = {
        m.organization.territory_id
        for m in network.all_memberships
        if m.role in MEMBER_ROLES
        and m.status in ("active", "observer", "on_hold")
        and m.organization.territory_id
        and m.organization.territory.kind == TerritoryKind.MUNICIPALITY
    }
    if not territory_ids:
        return None
    residual = list(Sector.objects.filter(slug=RESIDUAL_SLUG).values_list("id", flat=True))
    totals = dict(
        EmissionValue.objects.filter(release=release, territory_id__in=territory_ids)
        .exclude(sector_id__in=residual)
        .values_list("year")
        .annotate(total=Sum("value"))
        .order_by("year")
    )
    levels = []
    for commitment in network.commitments.all():
        for target in commitment.targets.filter(published=True):
            if target.value is None:
                levels.append((target, 0.0))
            elif target.base_year in totals:
                levels.append((target, totals[target.base_year] * (1 - target.value / 100)))
    return summary, totals, len(territory_ids), levels
