"""Reads for networks and memberships, shared by pages and API."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.emissions.models import EmissionValue, Sector
from samverkan.emissions.queries import RESIDUAL_SLUG, load_releases, resolve_release
from samverkan.places.models import Organization, OrganizationKind, TerritoryKind
from samverkan.targets.queries import ProgressUnavailable, commitment_statuses

from .criteria import evaluate
from .models import CURRENT_STATUSES, Criterion, Membership, MembershipRole, Network


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


def memberships_in(network: Network, country: str | None = None):
    """The network's memberships, of one country's organizations when given, by name."""
    memberships = _memberships().filter(network=network).order_by("organization__name")
    return memberships.filter(organization__country=country.upper()) if country else memberships


def current_networks(organization) -> QuerySet:
    """The networks an organization is in now (active, observer or on hold)."""
    return Network.objects.filter(
        memberships__organization=organization, memberships__status__in=CURRENT_STATUSES
    ).distinct()


def network_detail(slug: str, *, country: str | None = None) -> Network:
    """The network with its memberships (`all_memberships`), those of one country's organizations when given."""
    memberships = _memberships().order_by("organization__name")
    if country:
        memberships = memberships.filter(organization__country=country.upper())
    network = (
        Network.objects.filter(slug=slug)
        .prefetch_related(
            "coordinating_organizations",
            "groups",
            "commitments",
            "obligations",
            Prefetch("memberships", queryset=memberships, to_attr="all_memberships"),
        )
        .first()
    )
    if network is None:
        raise NotFound(_("There is no network %(slug)s.") % {"slug": slug})
    return network


def member_countries(network: Network) -> list[tuple[str, int]]:
    """How many members the network has in each country, Sweden first: one query."""
    counts = (
        network.memberships.values_list("organization__country")
        .annotate(count=Count("id"))
        .order_by("organization__country")
    )
    return sorted(counts, key=lambda pair: (pair[0] != "SE", pair[0]))


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
    criteria = list(network.criteria.select_related("commitment").order_by("position", "id"))
    members = [m for m in network.all_memberships if m.role in MEMBER_ROLES]
    results = evaluate(criteria, members)
    return criteria, [(m, results[m.pk]) for m in members]


def combined_emissions(network: Network):
    """The members' municipal emissions added up by year (default release), and each commitment's level on them.

    Returns (release summary, {year: tonnes}, number of municipalities, [(target, level)]) or None without data.
    """

    loaded = load_releases()
    if not loaded:
        return None
    release, summary = resolve_release(None, loaded)
    territory_ids = {
        m.organization.territory_id
        for m in network.all_memberships
        if m.role in MEMBER_ROLES
        and m.status in CURRENT_STATUSES
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


def organization_standing(organization: Organization) -> tuple[list[dict], str]:
    """Each of the organization's memberships with its result on the network's criteria and its commitments' progress.

    The page of seed 000 (Jönköping's networks), generated from the organization's own data.
    """

    memberships = list(_memberships().filter(organization=organization).order_by("network__name"))
    criteria_by_network: dict[int, list] = {}
    for criterion in Criterion.objects.filter(network__in=[m.network_id for m in memberships]).select_related(
        "commitment"
    ):
        criteria_by_network.setdefault(criterion.network_id, []).append(criterion)
    territory = organization.territory
    held = {c.slug: c for m in memberships for c in m.commitments.all()}
    progress: dict[str, str] = {}
    progress_problem = ""
    if held and territory is not None and territory.kind == TerritoryKind.MUNICIPALITY:
        try:
            statuses = commitment_statuses({territory.code: set(held)})
            progress = {slug: statuses.get((territory.code, slug), "unknown") for slug in held}
        except ProgressUnavailable as error:
            progress_problem = error.message
    standing = []
    for membership in memberships:
        criteria = criteria_by_network.get(membership.network_id, [])
        results = evaluate(criteria, [membership])[membership.pk] if criteria else []
        standing.append(
            {
                "membership": membership,
                "results": results,
                "commitments": [
                    (commitment, progress.get(commitment.slug, "unknown"))
                    for commitment in membership.commitments.all()
                ],
            }
        )
    return standing, progress_problem


def covenant_signatories_in_sweden(*, publisher: str, slug: str) -> dict[str, str]:
    """The Swedish signatories an earlier list of this publisher brought (key: code or name): what a new list covers."""
    earlier = {}
    memberships = Membership.objects.filter(
        network__slug=slug,
        role=MembershipRole.SIGNATORY,
        organization__country="SE",
        source__startswith=f"{publisher}:",
    ).select_related("organization__territory")
    for membership in memberships:
        organization = membership.organization
        territory = organization.territory
        if organization.kind == OrganizationKind.MUNICIPALITY and territory is not None:
            earlier[territory.code] = organization.name
        else:
            earlier[organization.name] = organization.name
    return earlier
