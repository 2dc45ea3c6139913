"""Reads for emissions, shared by pages, API and downloads: one function per figure.

Every function takes a release (the default is the newest greenhouse-gas release with
sectors) and returns plain dataclasses. Totals are always the sum of the main sectors;
the unallocated national remainder ("Ofördelat") is reported beside the total, not in it.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.core.cache import TIMEOUT, data_key
from samverkan.core.errors import NotFound
from samverkan.core.plausible import ratio
from samverkan.core.text import in_language
from samverkan.places.models import Territory, TerritoryKind
from samverkan.places.queries import population_for_years, population_for_years_by_municipality
from samverkan.sources.models import Gases, Release, Resolution

from .models import EmissionValue, Sector

RESIDUAL_SLUG = "ofordelat"


@dataclass(frozen=True)
class ReleaseSummary:
    slug: str
    label: str
    dataset: str
    dataset_en: str
    publisher: str
    published: dt.date | None
    gases: str
    gases_label: str
    unit: str
    resolution: str
    first_year: int | None
    last_year: int | None
    source_url: str
    licence: str
    warning_count: int
    is_default: bool
    partial_note: str = ""  # 'Partial release: 1 of 290 municipalities'; the label then ends with it too

    @property
    def dataset_name(self) -> str:
        return in_language(self.dataset, self.dataset_en)


@dataclass(frozen=True)
class SectorSeries:
    slug: str
    name: str
    name_en: str
    values: dict[int, float]

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)


@dataclass(frozen=True)
class SectorShare:
    slug: str
    name: str
    value: float
    share: float


@dataclass
class Inventory:
    """A territory's emissions in one release: totals, sectors, per inhabitant and change."""

    territory_code: str
    territory_name: str
    territory_kind: str
    release: ReleaseSummary
    years: list[int]
    total: dict[int, float]
    sectors: list[SectorSeries]
    residual: dict[int, float]
    population: dict[int, int]
    population_estimated: set[int]
    per_capita: dict[int, float | None] = field(default_factory=dict)

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def change_since(self, base_year: int) -> float | None:
        """Per cent change of the total from base_year to the latest year."""
        latest = self.latest_year
        if latest is None or base_year not in self.total or not self.total[base_year] or latest == base_year:
            return None
        return ratio(self.total[latest] - self.total[base_year], self.total[base_year], 100)

    @property
    def change_since_1990(self) -> float | None:
        return self.change_since(1990)

    @property
    def change_since_2015(self) -> float | None:
        return self.change_since(2015)

    @property
    def largest_sectors(self) -> list[SectorShare]:
        """The sectors of the latest year, largest first, with their share of the total."""
        latest = self.latest_year
        total = self.total.get(latest) if latest else None
        if not total:
            return []
        shares = [
            SectorShare(s.slug, s.display_name, s.values.get(latest, 0.0), ratio(s.values.get(latest, 0.0), total, 100))
            for s in self.sectors
        ]
        return sorted((s for s in shares if s.value > 0), key=lambda s: -s.value)

    @property
    def table_rows(self) -> list[dict]:
        """One row per year: the sectors, the total and per inhabitant, as the page and downloads show them."""
        return [
            {
                "year": year,
                "sectors": [s.values.get(year) for s in self.sectors],
                "total": self.total.get(year),
                "residual": self.residual.get(year),
                "population": self.population.get(year),
                "population_estimated": year in self.population_estimated,
                "per_capita": self.per_capita.get(year),
            }
            for year in self.years
        ]


@dataclass(frozen=True)
class ComparisonRow:
    year: int
    sector: str
    older: float | None
    newer: float | None
    is_total: bool = False

    @property
    def change(self) -> float | None:
        if self.older is None or self.newer is None:
            return None
        return self.newer - self.older

    @property
    def change_percent(self) -> float | None:
        if self.change is None or not self.older:
            return None
        return ratio(self.change, self.older, 100)


@dataclass
class Comparison:
    territory_code: str
    territory_name: str
    older: ReleaseSummary
    newer: ReleaseSummary
    years: list[int]
    rows: list[ComparisonRow]


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


# --- releases ---------------------------------------------------------------------------


def load_releases() -> list[Release]:
    """Every emission release, newest first: load once per request and pass to the functions below."""
    return _emission_releases()


def _emission_releases() -> list[Release]:
    return list(
        Release.objects.exclude(resolution="")
        .select_related("dataset")
        .order_by("-last_year", F("published_on").desc(nulls_last=True), "-imported_at")
    )


def _default(releases: list[Release]) -> Release | None:
    """The newest greenhouse-gas release with sectors: latest data year, then publication date, then import."""
    candidates = [r for r in releases if r.gases == Gases.GREENHOUSE_GASES and r.resolution != Resolution.TOTAL]
    return (candidates or releases or [None])[0]


def _summary(release: Release, default: Release | None) -> ReleaseSummary:
    return ReleaseSummary(
        release.slug,
        release.display_label,
        release.dataset.name,
        release.dataset.name_en,
        release.dataset.publisher,
        release.published_on,
        release.gases,
        release.get_gases_display(),
        release.unit,
        release.resolution,
        release.first_year,
        release.last_year,
        release.source_url,
        release.licence,
        len([line for line in release.warnings.splitlines() if line.strip()]),
        default is not None and release.pk == default.pk,
        release.partial_note,
    )


def emission_releases(releases: list[Release] | None = None) -> list[ReleaseSummary]:
    releases = _emission_releases() if releases is None else releases
    default = _default(releases)
    return [_summary(release, default) for release in releases]


def resolve_release(slug: str | None, releases: list[Release] | None = None) -> tuple[Release, ReleaseSummary]:
    """The release with this identifier, or the default one; NotFound naming the releases there are."""
    releases = _emission_releases() if releases is None else releases
    default = _default(releases)
    if not slug:
        if default is None:
            raise NotFound(_("No emission data has been loaded."))
        return default, _summary(default, default)
    for release in releases:
        if release.slug == slug:
            return release, _summary(release, default)
    raise NotFound(
        _("There is no emission release %(slug)s. Releases: %(known)s.")
        % {"slug": slug, "known": ", ".join(r.slug for r in releases)}
    )


# --- one territory ---------------------------------------------------------------------------


def _main_sectors() -> list[Sector]:
    return list(Sector.objects.filter(parent__isnull=True).order_by("position"))


def territory_for(code: str) -> Territory:
    territory = Territory.objects.filter(code=code).select_related("parent").first()
    if territory is None:
        raise NotFound(_("There is no municipality or county with the code %(code)s.") % {"code": code})
    return territory


def inventory(
    territory: Territory, release_slug: str | None = None, releases: list[Release] | None = None
) -> Inventory:
    """Emissions of a territory by main sector and year in one release: three or four queries."""
    release, summary = resolve_release(release_slug, releases)
    sectors = _main_sectors()
    rows = (
        EmissionValue.objects.filter(release=release, territory=territory)
        .values("year", "sector_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    values: dict[int | None, dict[int, float]] = defaultdict(dict)
    for row in rows:
        values[row["sector_id"]][row["year"]] = row["total"]
    residual_ids = {s.id for s in sectors if s.slug == RESIDUAL_SLUG}
    residual = {}
    for sector_id in residual_ids:
        residual.update(values.pop(sector_id, {}))
    years = sorted({year for series in values.values() for year in series})
    total: dict[int, float] = defaultdict(float)
    for series in values.values():
        for year, value in series.items():
            total[year] += value
    sector_series = []
    if release.resolution != Resolution.TOTAL:
        sector_series = [
            SectorSeries(s.slug, s.name, s.name_en, {y: values.get(s.id, {}).get(y, 0.0) for y in years})
            for s in sectors
            if s.id not in residual_ids
        ]
    population = population_for_years(territory, years) if years else None
    result = Inventory(
        territory.code,
        territory.display_name,
        territory.kind,
        summary,
        years,
        dict(total),
        sector_series,
        residual,
        population.values if population else {},
        population.estimated if population else set(),
    )
    result.per_capita = {year: ratio(total[year], result.population.get(year)) for year in years}
    return result


def comparison(
    territory: Territory, older_slug: str, newer_slug: str, releases: list[Release] | None = None
) -> Comparison:
    """How one release revised another for a territory: year by year and sector by sector."""
    releases = _emission_releases() if releases is None else releases
    older = inventory(territory, older_slug, releases)
    newer = inventory(territory, newer_slug, releases)
    years = sorted(set(older.years) & set(newer.years))
    rows = []
    newer_sectors = {s.slug: s for s in newer.sectors}
    for year in years:
        for sector in older.sectors:
            other = newer_sectors.get(sector.slug)
            rows.append(
                ComparisonRow(
                    year, sector.display_name, sector.values.get(year), other.values.get(year) if other else None
                )
            )
        rows.append(ComparisonRow(year, _("Total"), older.total.get(year), newer.total.get(year), is_total=True))
    return Comparison(territory.code, territory.display_name, older.release, newer.release, years, rows)


# --- all municipalities -------------------------------------------------------------------


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
    sectors = [s for s in _main_sectors() if s.slug != RESIDUAL_SLUG]
    slug_by_id = {s.id: s.slug for s in sectors}
    municipalities = Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY)
    if county:
        if not Territory.objects.filter(kind=TerritoryKind.COUNTY, code=county).exists():
            raise NotFound(_("There is no county with the code %(code)s.") % {"code": county})
        municipalities = municipalities.filter(parent__code=county)
    municipalities = list(
        municipalities.order_by("search_name").values_list(
            "id", "code", "name", "parent__code", "parent__name", "parent__name_en"
        )
    )
    wanted = {row[0] for row in municipalities}
    base_years = sorted({1990, 2015} & set(years) - {year})
    # No join: the few county and national rows are dropped here instead (cheaper than joining every value).
    in_release = EmissionValue.objects.filter(release=release).filter(
        Q(sector_id__in=slug_by_id) | Q(sector__isnull=True)
    )
    totals: dict[tuple[int, int], float] = defaultdict(float)
    by_sector: dict[int, dict[str, float]] = defaultdict(dict)
    # The ranked year by sector; the base years only as totals (two small queries, not one large one).
    ranked = in_release.filter(year=year).values_list("territory_id", "sector_id").annotate(total=Sum("value"))
    for territory_id, sector_id, value in ranked.order_by():
        if territory_id not in wanted:
            continue
        totals[(territory_id, year)] += value
        if sector_id is not None:
            by_sector[territory_id][slug_by_id[sector_id]] = value
    if base_years:
        base = in_release.filter(year__in=base_years).values_list("territory_id", "year").annotate(total=Sum("value"))
        for territory_id, base_year, value in base.order_by():
            if territory_id in wanted:
                totals[(territory_id, base_year)] = value
    population = population_for_years_by_municipality([year])
    estimated = False
    english = get_language() == "en"

    def change(territory_id: int, base: int) -> float | None:
        old = totals.get((territory_id, base))
        new = totals.get((territory_id, year))
        if not old or new is None or base == year:
            return None
        return ratio(new - old, old, 100)

    result = []
    for territory_id, code, name, county_code, county_name, county_name_en in municipalities:
        total = totals.get((territory_id, year))
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
                ratio(total, people),
                change(territory_id, 1990),
                change(territory_id, 2015),
                sector_values,
                {slug: share for slug, v in sector_values.items() if (share := ratio(v, total, 100)) is not None},
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
