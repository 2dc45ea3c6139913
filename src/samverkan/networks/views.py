"""Network pages: the list, and each network with its members."""

from django.shortcuts import render

from . import queries


def network_list(request):
    return render(request, "networks/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug: str):
    network = queries.network_detail(slug)
    members = [m for m in network.all_memberships if m.role in ("member", "signatory", "observer")]
    others = [m for m in network.all_memberships if m.role not in ("member", "signatory", "observer")]
    return render(request, "networks/network_detail.html", {"network": network, "members": members, "others": others})
