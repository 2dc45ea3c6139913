"""Reads for networks and memberships, shared by pages and API."""

from collections import defaultdict

import numpy as np
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from samverkan.core.db import swedish
from samverkan.core.errors import NotFound
from samverkan.emissions.queries import load_releases, resolve_release, yearly_totals
from samverkan.places.models import Organization, OrganizationKind, Territory, TerritoryKind
from samverkan.places.queries import municipal_authority_or_404
from samverkan.targets.models import CommitmentProgress
from samverkan.targets.queries import ProgressUnavailable, commitment_statuses, levels_by_row

from .criteria import evaluate
from .models import Criterion, Membership, MembershipRole, MembershipStatus, Network


def network_list() -> list[Network]:
    """Every network with its member count and, apart, its observers, coordinators and supporters (`with_counts`)."""
    return list(Network.objects.with_counts().order_by(swedish("name")))


def _memberships():
    return Membership.objects.select_related(
        "organization", "organization__territory", "network", "coordinator"
    ).prefetch_related("commitments", "groups")


def memberships_in(network: Network, country: str | None = None):
    """The network's memberships, of one country's organizations when given, by name."""
    memberships = _memberships().filter(network=network).order_by(swedish("organization__name"))
    return memberships.filter(organization__country=country.upper()) if country else memberships


def current_networks(organization) -> QuerySet:
    """The networks an organization is in now (a membership in force)."""
    return Network.objects.filter(memberships__in=organization.memberships.in_force()).distinct()


def network_detail(slug: str, *, country: str | None = None) -> Network:
    """The network with its memberships (`all_memberships`), those of one country's organizations when given,
    and its counts in every country (`member_count`, `observer_count`, ..., see `NetworkQuerySet.with_counts`)."""
    memberships = _memberships().order_by(swedish("organization__name"))
    if country:
        memberships = memberships.filter(organization__country=country.upper())
    return network_or_404(
        slug,
        Network.objects.with_counts().prefetch_related(
            "coordinating_organizations",
            "groups",
            "commitments",
            "obligations",
            Prefetch("memberships", queryset=memberships, to_attr="all_memberships"),
        ),
    )


def network_or_404(slug: str, networks: QuerySet | None = None) -> Network:
    """The network with this identifier, read from `networks` when given (counts, prefetches); else a 404 naming it."""
    network = (Network.objects.all() if networks is None else networks).filter(slug=slug).first()
    if network is None:
        raise NotFound(_("There is no network %(slug)s.") % {"slug": slug[:80]})
    return network


def member_countries(network: Network) -> list[tuple[str, int]]:
    """How many members the network has in each country (`MembershipQuerySet.counted`), Sweden first: one query."""
    counts = (
        network.memberships.counted()
        .values_list("organization__country")
        .annotate(count=Count("id"))
        .order_by("organization__country")
    )
    return sorted(counts, key=lambda pair: (pair[0] != "SE", pair[0]))


def memberships_of(organization: Organization) -> list[Membership]:
    return list(_memberships().filter(organization=organization).order_by(swedish("network__name"), "pk"))


def memberships_of_municipality(code: str) -> list[Membership]:
    return memberships_of(municipal_authority_or_404(code))


def _is_listed(membership: Membership) -> bool:
    """`MembershipQuerySet.listed` on memberships already read."""
    return membership.status in MembershipStatus.in_force() and membership.role in MembershipRole.listed()


def _is_counted(membership: Membership) -> bool:
    """`MembershipQuerySet.counted` on memberships already read."""
    return membership.status in MembershipStatus.counted() and membership.role in MembershipRole.counted()


def counted_members(network: Network) -> list[Membership]:
    """The memberships of `network_detail` that its member count counts (`MembershipQuerySet.counted`), by name."""
    return [m for m in network.all_memberships if _is_counted(m)]


def members_apart(network: Network) -> list[Membership]:
    """The memberships of `network_detail` in force that are counted apart: observers, coordinators, supporters."""
    return [m for m in network.all_memberships if m.status in MembershipStatus.in_force() and not _is_counted(m)]


def counted_members_in(network: Network, country: str) -> QuerySet:
    """The counted memberships of one country's organizations, by name (a page of them at a time)."""
    return memberships_in(network, country).counted()


def network_criteria(network: Network) -> tuple[list, list]:
    """The network's criteria and, for each listed member, its result on each: (criteria, [(membership, results)])."""
    criteria = list(network.criteria.select_related("commitment").order_by("position", "id"))
    members = [m for m in network.all_memberships if _is_listed(m)]
    results = evaluate(criteria, members)
    return criteria, [(m, results[m.pk]) for m in members]


def open_applications(network: Network) -> list[dict]:
    """The network's open applications, oldest first, each with when and by whom it was sent (the membership's
    history: the first row of its latest run as "applied") and its results on the network's criteria."""
    applications = list(
        _memberships()
        .select_related("assessment")
        .filter(network=network, status=MembershipStatus.APPLIED)
        .order_by("id")
    )
    sent: dict[int, tuple] = {}
    rows = (
        Membership.history.filter(id__in=[m.pk for m in applications])
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    for row in rows:
        if row.status != MembershipStatus.APPLIED:
            sent.pop(row.id, None)
        elif row.id not in sent:
            sent[row.id] = (row.history_date, row.history_user)
    criteria = list(network.criteria.select_related("commitment").order_by("position", "id"))
    results = evaluate(criteria, applications)
    return [
        {
            "membership": m,
            "sent_at": sent.get(m.pk, (None, None))[0],
            "sent_by": sent.get(m.pk, (None, None))[1],
            "results": results[m.pk],
        }
        for m in applications
    ]


def combined_emissions(network: Network):
    """The counted members' municipal emissions added up by year (default release), and each commitment's level on
    them: the members' own levels added up (`targets.queries.levels_by_row`, every kind of target), known for all.

    Returns (release summary, {year: tonnes}, number of municipalities, [(target, level)]) or None without data.
    """

    loaded = load_releases()
    if not loaded:
        return None
    release, summary = resolve_release(None, loaded)
    territory_ids = sorted(
        {
            m.organization.territory_id
            for m in counted_members(network)
            if m.organization.territory_id and m.organization.territory.kind == TerritoryKind.MUNICIPALITY
        }
    )
    if not territory_ids:
        return None
    by_territory = yearly_totals(release, territory_ids=territory_ids)
    totals: dict[int, float] = defaultdict(float)
    for series in by_territory.values():
        for year, value in series.items():
            totals[year] += value
    years = sorted(totals)
    matrix = np.array([[by_territory.get(t, {}).get(year, np.nan) for year in years] for t in territory_ids])
    levels = []
    for commitment in network.commitments.all():
        for target in commitment.targets.filter(published=True):
            each = levels_by_row(target, matrix, years, territory_ids)
            if np.isfinite(each).all():
                levels.append((target, float(each.sum())))
    return summary, {year: totals[year] for year in years}, len(territory_ids), levels


def coordinator_county(organization: Organization) -> Territory | None:
    """The county a coordinating organization serves: its own territory when a county, else that territory's county."""
    territory = organization.territory
    if territory is None:
        return None
    return territory if territory.kind == TerritoryKind.COUNTY else territory.parent


def regional_members(network: Network, organization_id: int) -> tuple[Organization, Territory, list[Membership]]:
    """A regional coordinator's municipalities in a network: the counted memberships (`MembershipQuerySet.counted`)
    of municipalities in the coordinator's county, by name. Five queries (two prefetches).

    A 404 naming it for an unknown organization, one that is not a coordinator of the network in force, or one
    with no county recorded.
    """
    organization = Organization.objects.select_related("territory__parent").filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("There is no organization %(id)s.") % {"id": organization_id})
    is_coordinator = network.memberships.in_force().filter(organization=organization, role=MembershipRole.COORDINATOR)
    if not is_coordinator.exists():
        raise NotFound(
            _("%(organization)s is not a coordinator of %(network)s.")
            % {"organization": organization.name, "network": network.display_name}
        )
    county = coordinator_county(organization)
    if county is None:
        raise NotFound(
            _("%(organization)s coordinates %(network)s, but no county is recorded for it.")
            % {"organization": organization.name, "network": network.display_name}
        )
    members = list(
        _memberships()
        .filter(
            network=network,
            organization__territory__kind=TerritoryKind.MUNICIPALITY,
            organization__territory__parent=county,
        )
        .counted()
        .order_by(swedish("organization__name"))
    )
    return organization, county, members


def organization_standing(organization: Organization) -> tuple[list[dict], str]:
    """Each of the organization's memberships with its result on the network's criteria and its commitments' progress.

    The page of seed 000 (Jönköping's networks), generated from the organization's own data.
    """

    memberships = list(_memberships().filter(organization=organization).order_by(swedish("network__name"), "pk"))
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
            progress = {slug: statuses.get((territory.code, slug), CommitmentProgress.UNKNOWN) for slug in held}
        except ProgressUnavailable as error:
            progress_problem = error.message
    # One evaluation of every criterion on every membership (its reads shared), each membership keeping its own
    # network's results: a call per network read the releases, emissions, targets and plans again each time.
    scored = [m for m in memberships if m.network_id in criteria_by_network]
    every = [criterion for criteria in criteria_by_network.values() for criterion in criteria]
    evaluated = evaluate(every, scored) if scored else {}
    standing = []
    for membership in memberships:
        own = {criterion.pk for criterion in criteria_by_network.get(membership.network_id, [])}
        results = [result for result in evaluated.get(membership.pk, []) if result.criterion_id in own]
        standing.append(
            {
                "membership": membership,
                "results": results,
                "commitments": [
                    (commitment, progress.get(commitment.slug, CommitmentProgress.UNKNOWN))
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
