"""Counties and the country: the county pages, the home page's overview and the county filter."""

from collections import defaultdict
from dataclasses import dataclass, field

from samverkan.core.db import swedish

from ..models import Territory, TerritoryKind
from .lookup import county_or_404
from .municipalities import MunicipalitySummary, OrganizationSummary, _organization, _summary
from .population import (
    PopulationPoint,
    SourceLine,
    _latest_of,
    _latest_population,
    _population_series,
    _sources,
    _sum_series,
    _total_for_latest_year,
)


@dataclass(frozen=True)
class CountySummary:
    code: str
    name: str
    name_en: str
    municipality_count: int
    population: int | None
    population_year: int | None


@dataclass(frozen=True)
class CountyDetail:
    code: str
    name: str
    name_en: str
    organization: OrganizationSummary | None
    municipalities: list[MunicipalitySummary]
    population: list[PopulationPoint]
    sources: list[SourceLine]

    @property
    def latest_population(self) -> PopulationPoint | None:
        return self.population[-1] if self.population else None


@dataclass(frozen=True)
class NationalOverview:
    municipality_count: int
    county_count: int
    population: int | None
    population_year: int | None
    sources: list[SourceLine]


@dataclass
class CountyGroup:
    """A county with its municipalities, for the home page."""

    county: CountySummary
    municipalities: list[MunicipalitySummary] = field(default_factory=list)


def _counties_with_latest() -> tuple[list[CountyGroup], dict[int, tuple[int, int, int]]]:
    """Every county with its municipalities and their latest population: three queries in all."""
    counties = list(Territory.objects.counties().order_by("code"))
    municipalities = list(Territory.objects.municipalities().select_related("parent").order_by(swedish("name")))
    latest = _latest_population(territory__kind=TerritoryKind.MUNICIPALITY)
    members: dict[int, list[Territory]] = defaultdict(list)
    for municipality in municipalities:
        members[municipality.parent_id].append(municipality)
    groups = []
    for county in counties:
        value, year = _total_for_latest_year([latest[m.id] for m in members[county.id] if m.id in latest])
        summary = CountySummary(county.code, county.name, county.name_en, len(members[county.id]), value, year)
        groups.append(CountyGroup(summary, [_summary(m, latest.get(m.id)) for m in members[county.id]]))
    return groups, latest


def county_list() -> list[CountySummary]:
    groups, _latest_values = _counties_with_latest()
    return [group.county for group in groups]


def county_detail(code: str) -> CountyDetail:
    county = county_or_404(code, "authority")
    municipalities = list(county.children.municipalities().order_by(swedish("name")))
    for municipality in municipalities:
        municipality.parent = county
    series, used = _population_series([m.id for m in municipalities])
    return CountyDetail(
        county.code,
        county.name,
        county.name_en,
        _organization(county.authority),
        [_summary(m, _latest_of(series.get(m.id, {}))) for m in municipalities],
        _sum_series([series.get(m.id, {}) for m in municipalities]),
        _sources(used),
    )


def counties_with_municipalities() -> list[CountyGroup]:
    """Every county with its municipalities and their latest population."""
    return _counties_with_latest()[0]


def home_overview() -> tuple[NationalOverview, list[CountyGroup]]:
    """The national figures and the counties for the home page, sharing one read of the series."""
    groups, latest = _counties_with_latest()
    value, year = _total_for_latest_year(list(latest.values()))
    overview = NationalOverview(
        sum(group.county.municipality_count for group in groups),
        len(groups),
        value,
        year,
        _sources({entry[2] for entry in latest.values() if entry[0] == year}),
    )
    return overview, groups


def national_overview() -> NationalOverview:
    return home_overview()[0]


@dataclass(frozen=True)
class CountyChoice:
    code: str
    name: str
    name_en: str


def county_choices() -> list[CountyChoice]:
    """The counties for a filter: one light query."""
    rows = Territory.objects.counties().order_by("code").values_list("code", "name", "name_en")
    return [CountyChoice(*row) for row in rows]
