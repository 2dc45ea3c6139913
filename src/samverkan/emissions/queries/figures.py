"""The figures every emission page, API answer, export and criterion derives from the values: one function each.

A territory's total is the sum of its main sectors without the unallocated remainder ("Ofördelat", see
`EmissionValue.objects.in_total`); per inhabitant and the change since a year are computed here only.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Sum

from samverkan.core.plausible import ratio
from samverkan.sources.models import Release

from ..models import RESIDUAL_SLUG, EmissionValue

__all__ = ["RESIDUAL_SLUG", "change_percent", "per_inhabitant", "share_percent", "yearly_totals"]


def per_inhabitant(tonnes: float | None, people: float | None) -> float | None:
    """Tonnes per inhabitant; None when either is unknown or there is nobody."""
    return ratio(tonnes, people)


def change_percent(series: Mapping[int, float], base_year: int, year: int | None) -> float | None:
    """The per cent change of a series from `base_year` to `year`; None when either year has no value, the base
    is zero, or the two years are the same."""
    if year is None or year == base_year or not series.get(base_year) or series.get(year) is None:
        return None
    return ratio(series[year] - series[base_year], series[base_year], 100)


def share_percent(part: float | None, total: float | None) -> float | None:
    """A part's share of a total in per cent; None when the total is zero or unknown."""
    return ratio(part, total, 100)


def yearly_totals(
    release: Release,
    *,
    territory_ids: Iterable[int] | None = None,
    territory_kind: str | None = None,
    sector=None,
) -> dict[int, dict[int, float]]:
    """Each territory's total by year in one release ({territory id: {year: tonnes}}): one query.

    The total is `EmissionValue.objects.in_total`; with a main sector, that sector's emissions instead.
    """
    values = EmissionValue.objects.filter(release=release)
    if territory_ids is not None:
        values = values.filter(territory_id__in=list(territory_ids))
    if territory_kind is not None:
        values = values.filter(territory__kind=territory_kind)
    values = values.in_total() if sector is None else values.filter(sector=sector)
    totals: dict[int, dict[int, float]] = defaultdict(dict)
    for territory_id, year, value in values.values_list("territory_id", "year").annotate(total=Sum("value")).order_by():
        totals[territory_id][year] = value
    return dict(totals)
