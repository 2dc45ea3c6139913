"""Pages of the key indicators: the catalogue and one indicator across every municipality."""

from django.shortcuts import render

from samverkan.core.db import swedish

from . import queries


def indicator_list(request):
    return render(request, "indicators/list.html", {"summaries": queries.indicator_list()})


def indicator_detail(request, slug: str):
    table = queries.indicator_table(slug)
    followed_by = (
        table.indicator.actions.filter(public=True)  # actions builds on indicators: the reverse link, no import
        .select_related("plan__organization")
        .order_by(swedish("plan__organization__name"), swedish("title"))[:100]
    )
    return render(request, "indicators/detail.html", {"table": table, "followed_by": followed_by})
