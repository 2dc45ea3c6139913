"""The public network pages: the list, and each network with its members, criteria and combined emissions."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from samverkan.actions.queries import member_plans
from samverkan.core.db import swedish
from samverkan.core.errors import Invalid
from samverkan.places.models import Organization

from .. import queries
from ..models import MembershipStatus, Network
from ..presentation import MatrixFilter, combined_section, criteria_matrix

MEMBERS_PER_PAGE = 100


def network_list(request):
    return render(request, "networks/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug: str):
    country = request.GET.get("land", "SE").upper()
    if not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise Invalid(_("%(value)s is not a two-letter country code such as SE.") % {"value": country[:20]})
    # Criteria and emissions are read from Swedish data; members elsewhere are listed, a page at a time.
    network = queries.network_detail(slug, country="SE")
    countries = queries.member_countries(network)
    if country == "SE":
        members = queries.counted_members(network)
        criteria, matrix = queries.network_criteria(network)
    else:
        members = queries.counted_members_in(network, country)
        criteria, matrix = [], []
    shown = criteria_matrix(
        criteria, matrix, MatrixFilter.from_query(request.GET, len(criteria)), request.GET.get("matrissida")
    )
    others = queries.members_apart(network)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("sida"))
    taken = {m.organization_id for m in network.all_memberships if m.status in MembershipStatus.open()}
    may_apply = [
        o for o in Organization.objects.editable_by(request.user).order_by(swedish("name"))[:500] if o.pk not in taken
    ]
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "members": page.object_list,
            "member_page": page,
            "others": others,
            "criteria": criteria,
            "matrix": shown,
            "may_apply": may_apply,
            "coordinates": Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists(),
            "combined": combined_section(network) if country == "SE" else None,
            "plans": _member_plans(members) if country == "SE" else [],
            "country": country,
            "countries": countries if len(countries) > 1 else [],
            # Read through the reverse relation: reporting builds on networks, so networks imports nothing from it.
            "publishes_reports": network.reporting_rounds.filter(public=True).exists(),
        },
    )


def _member_plans(members) -> list:
    """Each member with its current action plan (or none recorded): the network's view of the plans."""
    plans = member_plans([m.organization_id for m in members])
    return [(m, plans.get(m.organization_id)) for m in members]
