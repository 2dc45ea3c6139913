"""Reads for emissions, shared by pages, API and downloads: one function per figure.

Every function takes a release (the default is the newest greenhouse-gas release with
sectors) and returns plain dataclasses. Totals are always the sum of the main sectors;
the unallocated national remainder ("Ofördelat") is reported beside the total, not in it.

- `releases`: which releases there are, the default one (`resolve_release`).
- `figures`: the one computation of a total, per inhabitant, change since a year and a share.
- `territory`: one territory's inventory and the comparison of two releases (the territory pages).
- `ranking`: every municipality in one year (the ranking page).
"""

from .figures import RESIDUAL_SLUG, change_percent, per_inhabitant, share_percent, yearly_totals
from .ranking import SORT_KEYS, Ranking, RankingRow, ranking, sort_ranking
from .releases import ReleaseSummary, emission_releases, load_releases, resolve_release
from .territory import (
    Comparison,
    ComparisonRow,
    Inventory,
    LatestTotal,
    SectorSeries,
    SectorShare,
    combined_inventory,
    comparison,
    inventory,
    latest_total,
    territory_for,
)

__all__ = [
    "RESIDUAL_SLUG",
    "SORT_KEYS",
    "Comparison",
    "ComparisonRow",
    "Inventory",
    "LatestTotal",
    "Ranking",
    "RankingRow",
    "ReleaseSummary",
    "SectorSeries",
    "SectorShare",
    "change_percent",
    "combined_inventory",
    "comparison",
    "emission_releases",
    "inventory",
    "latest_total",
    "load_releases",
    "per_inhabitant",
    "ranking",
    "resolve_release",
    "share_percent",
    "sort_ranking",
    "territory_for",
    "yearly_totals",
]
