"""Every municipality's emissions in one year, for the ranking page, its download and the API."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.core.cache import TIMEOUT, data_key
from samverkan.core.db import swedish
from samverkan.core.errors import NotFound
from samverkan.places.models import Territory
from samverkan.places.queries import county_or_404, population_for_years_by_municipality
from samverkan.sources.models import Release

from ..models import EmissionValue, Sector
from .figures import change_percent, per_inhabitant, share_percent
from .releases import ReleaseSummary, resolve_release
from .territory import SectorSeries


@dataclass(frozen=True)
class RankingRow:
    code: str
    name: str
    county_code: str
    county_name: str
    total: float | None
    per_capita: float | None
    change_since_1990: float | None
    change_since_2015: float | None
    sector_values: dict[str, float]
    sector_shares: dict[str, float]


@dataclass
class Ranking:
    release: ReleaseSummary
    year: int
    years: list[int]
    sectors: list[SectorSeries]
    rows: list[RankingRow]
    population_estimated: bool


def ranking(
    *,
    release_slug: str | None = None,
    year: int | None = None,
    county: str | None = None,
    releases: list[Release] | None = None,
) -> Ranking:
    """Every municipality's total, per inhabitant, change since 1990 and 2015 and sector shares in one year.

    A ranking is cached under its release, year, county, the language and the data generation (core.cache):
    any import, a new population release too, changes per-inhabitant figures.
    """
    release, summary = resolve_release(release_slug, releases)
    key = data_key("ranking", release.pk, year, county)
    cached = cache.get(key)
    if cached is None:
        cached = _ranking(release, summary, year, county)
        cache.set(key, cached, TIMEOUT)
    return cached


def _ranking(release: Release, summary: ReleaseSummary, year: int | None, county: str | None) -> Ranking:
    # The (release, year) index answers this without reading the values.
    years = list(
        EmissionValue.objects.filter(release=release).values_list("year", flat=True).distinct().order_by("year")
    )
    if not years:
        raise NotFound(_("The release %(slug)s has no municipal figures.") % {"slug": release.slug})
    year = year or years[-1]
    if year not in years:
        raise NotFound(
            _("The release %(slug)s has no figures for %(year)s; it has %(years)s.")
            % {"slug": release.slug, "year": year, "years": ", ".join(str(y) for y in years)}
        )
    sectors = list(Sector.objects.in_total().order_by("position"))
    slug_by_id = {s.id: s.slug for s in sectors}
    municipalities = Territory.objects.municipalities()
    if county:
        municipalities = municipalities.filter(parent=county_or_404(county))
    municipalities = list(
        municipalities.order_by(swedish("name")).values_list(
            "id", "code", "name", "parent__code", "parent__name", "parent__name_en"
        )
    )
    wanted = {row[0] for row in municipalities}
    base_years = sorted({1990, 2015} & set(years) - {year})
    # No join: the few county and national rows are dropped here instead (cheaper than joining every value).
    in_release = EmissionValue.objects.filter(release=release).in_total()
    totals: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    by_sector: dict[int, dict[str, float]] = defaultdict(dict)
    # The ranked year by sector; the base years only as totals (two small queries, not one large one).
    ranked = in_release.filter(year=year).values_list("territory_id", "sector_id").annotate(total=Sum("value"))
    for territory_id, sector_id, value in ranked.order_by():
        if territory_id not in wanted:
            continue
        totals[territory_id][year] += value
        if sector_id is not None:
            by_sector[territory_id][slug_by_id[sector_id]] = value
    if base_years:
        base = in_release.filter(year__in=base_years).values_list("territory_id", "year").annotate(total=Sum("value"))
        for territory_id, base_year, value in base.order_by():
            if territory_id in wanted:
                totals[territory_id][base_year] = value
    population = population_for_years_by_municipality([year])
    estimated = False
    english = get_language() == "en"
    result = []
    for territory_id, code, name, county_code, county_name, county_name_en in municipalities:
        series = totals.get(territory_id, {})
        total = series.get(year)
        inhabitants = population.get(territory_id)
        people = inhabitants.values.get(year) if inhabitants else None
        estimated = estimated or bool(inhabitants and year in inhabitants.estimated)
        sector_values = by_sector.get(territory_id, {})
        result.append(
            RankingRow(
                code,
                name,
                county_code,
                county_name_en if english and county_name_en else county_name,
                total,
                per_inhabitant(total, people),
                change_percent(series, 1990, year),
                change_percent(series, 2015, year),
                sector_values,
                {slug: share for slug, v in sector_values.items() if (share := share_percent(v, total)) is not None},
            )
        )
    series = [SectorSeries(s.slug, s.name, s.name_en, {}) for s in sectors] if release.resolution != "total" else []
    return Ranking(summary, year, years, series, result, estimated)


SORT_KEYS = {"name", "total", "per_capita", "change_since_1990", "change_since_2015"}


def sort_ranking(rows: list[RankingRow], key: str, descending: bool) -> list[RankingRow]:
    """Sort by a column or a sector's share ("share:transporter"); rows without a value go last."""
    if key == "name":
        return sorted(rows, key=lambda r: r.name, reverse=descending)
    if key.startswith("share:"):
        slug = key.removeprefix("share:")

        def value(row):
            return row.sector_shares.get(slug)
    else:

        def value(row):
            return getattr(row, key)

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing
