"""The accepted reports a network publishes (as the Covenant of Mayors does), for everyone."""

from django.shortcuts import render

from samverkan.networks.queries import network_or_404

from ..queries import published_reports


def published(request, slug: str):
    network = network_or_404(slug)
    reports = published_reports(network)
    return render(request, "reporting/published.html", {"network": network, "reports": reports})
