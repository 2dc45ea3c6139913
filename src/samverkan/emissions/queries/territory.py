"""One territory's emissions: its inventory by sector and year, and how one release revised another."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.core.text import in_language
from samverkan.places.models import Territory
from samverkan.places.queries import population_for_years, population_for_years_summed
from samverkan.sources.models import Release, Resolution

from ..models import EmissionValue, Sector
from .figures import RESIDUAL_SLUG, change_percent, per_inhabitant, share_percent, yearly_totals
from .releases import ReleaseSummary, _emission_releases, resolve_release


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
        """Per cent change of the total from base_year to the latest year (`figures.change_percent`)."""
        return change_percent(self.total, base_year, self.latest_year)

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
            SectorShare(
                s.slug, s.display_name, s.values.get(latest, 0.0), share_percent(s.values.get(latest, 0.0), total)
            )
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
        return share_percent(self.change, self.older)


@dataclass
class Comparison:
    territory_code: str
    territory_name: str
    older: ReleaseSummary
    newer: ReleaseSummary
    years: list[int]
    rows: list[ComparisonRow]


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
    result.per_capita = {year: per_inhabitant(total[year], result.population.get(year)) for year in years}
    return result


def combined_inventory(
    territories: list[Territory],
    *,
    code: str,
    name: str,
    release_slug: str | None = None,
    releases: list[Release] | None = None,
) -> tuple[Inventory, dict[int, dict[int, float]]]:
    """Several municipalities' totals added up by year in one release (a regional coordinator's municipalities),
    and each one's own totals ({territory id: {year: tonnes}}, `yearly_totals`): one query for the values, one
    for population. The total only, no sectors: each municipality's total is `EmissionValue.objects.in_total`.
    """
    release, summary = resolve_release(release_slug, releases)
    ids = [territory.id for territory in territories]
    by_territory = yearly_totals(release, territory_ids=ids) if ids else {}
    total: dict[int, float] = defaultdict(float)
    for series in by_territory.values():
        for year, value in series.items():
            total[year] += value
    years = sorted(total)
    population = population_for_years_summed(ids, years) if years else None
    result = Inventory(
        code,
        name,
        "group",
        summary,
        years,
        {year: total[year] for year in years},
        [],
        {},
        population.values if population else {},
        population.estimated if population else set(),
    )
    result.per_capita = {year: per_inhabitant(total[year], result.population.get(year)) for year in years}
    return result, by_territory


@dataclass(frozen=True)
class LatestTotal:
    """A territory's total in the latest year it has in a release, with the release it comes from."""

    value: float
    year: int
    release: ReleaseSummary


def latest_total(code: str, releases: list[Release] | None = None) -> LatestTotal | None:
    """The total of a territory (e.g. "SE") in its latest year in the default release, as `inventory` sums it (the
    main sectors, without the unallocated remainder): one query besides the releases. None without figures."""
    releases = _emission_releases() if releases is None else releases
    if not releases:
        return None
    release, summary = resolve_release(None, releases)
    row = (
        EmissionValue.objects.filter(release=release, territory__code=code)
        .in_total()
        .values("year")
        .annotate(total=Sum("value"))
        .order_by("-year")
        .first()
    )
    return LatestTotal(row["total"], row["year"], summary) if row else None


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
