"""Network pages: the list, and each network with its members."""

from django.shortcuts import render

from . import queries


def network_list(request):
    return render(request, "networks/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug: str):
    network = queries.network_detail(slug)
    members = [m for m in network.all_memberships if m.role in queries.MEMBER_ROLES]
    others = [m for m in network.all_memberships if m.role not in queries.MEMBER_ROLES]
    criteria, matrix = queries.network_criteria(network)
    return render(
        request,
        "networks/network_detail.html",
        {"network": network, "members": members, "others": others, "criteria": criteria, "matrix": matrix},
    )
