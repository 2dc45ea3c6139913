"""Reads for territories, organizations and population, shared by pages and the API.

Functions take plain arguments and return plain dataclasses; each holds its work to a
few queries whatever the number of municipalities.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.core.text import in_language, search_key
from samverkan.sources.models import Release

from .models import Organization, PopulationValue, Territory, TerritoryKind


@dataclass(frozen=True)
class PopulationPoint:
    year: int
    value: int


@dataclass(frozen=True)
class SourceLine:
    """Where a figure comes from, as shown under tables ("Källa: SCB")."""

    publisher: str
    dataset: str
    dataset_en: str
    release: str
    url: str

    @property
    def dataset_name(self) -> str:
        """The dataset's name in the active language."""
        return in_language(self.dataset, self.dataset_en)


@dataclass(frozen=True)
class MunicipalitySummary:
    code: str
    name: str
    county_code: str
    county_name: str
    county_name_en: str
    population: int | None
    population_year: int | None


@dataclass(frozen=True)
class OrganizationSummary:
    id: int
    name: str
    kind: str
    kind_label: str


@dataclass(frozen=True)
class MunicipalityDetail:
    code: str
    name: str
    county_code: str
    county_name: str
    county_name_en: str
    organization: OrganizationSummary | None
    coat_of_arms_url: str
    population: list[PopulationPoint]
    sources: list[SourceLine]

    @property
    def latest_population(self) -> PopulationPoint | None:
        return self.population[-1] if self.population else None


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


# --- population ---------------------------------------------------------------------


def _population_series(territory_ids: list[int]) -> tuple[dict[int, dict[int, int]], set[int]]:
    """{territory id: {year: inhabitants}}, the newest release winning per year; and the releases used."""
    series: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        PopulationValue.objects.filter(territory_id__in=territory_ids)
        .order_by(F("release__published_on").asc(nulls_first=True), "release_id")
        .values_list("territory_id", "year", "value", "release_id")
    )
    used = {}
    for territory_id, year, value, release_id in rows:
        series[territory_id][year] = value
        used[(territory_id, year)] = release_id
    return series, set(used.values())


def _latest_population(**territory_filter) -> dict[int, tuple[int, int, int]]:
    """{territory id: (year, inhabitants, release id)}: each territory's latest year, newest release winning.

    The latest year comes from the (territory, year) index, so a list of all municipalities
    reads about 290 rows, not 21 000.
    """
    latest_year = PopulationValue.objects.filter(territory_id=OuterRef("territory_id")).order_by("-year").values("year")
    rows = (
        PopulationValue.objects.filter(**territory_filter)
        .filter(year=Subquery(latest_year[:1]))
        .order_by(F("release__published_on").asc(nulls_first=True), "release_id")
        .values_list("territory_id", "year", "value", "release_id")
    )
    return {territory_id: (year, value, release_id) for territory_id, year, value, release_id in rows}


def _total_for_latest_year(latest: list[tuple[int, int, int]]) -> tuple[int | None, int | None]:
    """(inhabitants, year): the sum over the territories that have the most recent year."""
    if not latest:
        return None, None
    year = max(entry[0] for entry in latest)
    return sum(entry[1] for entry in latest if entry[0] == year), year


def _latest_of(series: dict[int, int]) -> tuple[int, int, int] | None:
    """The latest (year, inhabitants, 0) of an already read series; the release is not needed here."""
    if not series:
        return None
    year = max(series)
    return year, series[year], 0


def _sum_series(all_series: list[dict[int, int]]) -> list[PopulationPoint]:
    totals: dict[int, int] = defaultdict(int)
    for series in all_series:
        for year, value in series.items():
            totals[year] += value
    return [PopulationPoint(year, totals[year]) for year in sorted(totals)]


def _sources(release_ids: set[int]) -> list[SourceLine]:
    releases = Release.objects.filter(id__in=release_ids).select_related("dataset").order_by("published_on")
    return [
        SourceLine(r.dataset.publisher, r.dataset.name, r.dataset.name_en, r.display_label, r.source_url)
        for r in releases
    ]


def _organization(organization: Organization | None) -> OrganizationSummary | None:
    if organization is None:
        return None
    return OrganizationSummary(organization.id, organization.name, organization.kind, organization.get_kind_display())


def _summary(territory: Territory, latest: tuple[int, int, int] | None) -> MunicipalitySummary:
    year, value = (latest[0], latest[1]) if latest else (None, None)
    county = territory.parent
    return MunicipalitySummary(territory.code, territory.name, county.code, county.name, county.name_en, value, year)


# --- municipalities -----------------------------------------------------------------


def organization_or_404(organization_id: int) -> Organization:
    """An organization by id, for pages and API alike; an unknown id is named (404)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("There is no organization %(id)s.") % {"id": organization_id})
    return organization


def municipality_search(q: str = "", county: str | None = None) -> list[Territory]:
    """Municipalities whose code starts with, or whose name contains, the query.

    Case and diacritics are ignored ("jonkoping" finds Jönköping); names that start
    with the query come first.
    """
    queryset = Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY).select_related("parent")
    if county:
        if not Territory.objects.filter(kind=TerritoryKind.COUNTY, code=county).exists():
            raise NotFound(_("There is no county with the code %(code)s.") % {"code": county})
        queryset = queryset.filter(parent__code=county)
    q = (q or "").strip()
    if q:
        if q.isdigit():
            queryset = queryset.filter(code__startswith=q)
        else:
            key = search_key(q)
            queryset = queryset.filter(Q(search_name__contains=key) | Q(parent__search_name__startswith=key))
    found = list(queryset)
    if q and not q.isdigit():
        key = search_key(q)
        found.sort(key=lambda t: (not t.search_name.startswith(key), key not in t.search_name, t.search_name))
    else:
        found.sort(key=lambda t: t.search_name)
    return found


def municipality_list(
    *, q: str = "", county: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[int, list[MunicipalitySummary]]:
    """(total count, one page of municipalities with their latest population)."""
    found = municipality_search(q, county)
    page = found[offset : offset + limit]
    latest = _latest_population(territory_id__in=[t.id for t in page])
    return len(found), [_summary(t, latest.get(t.id)) for t in page]


def municipality_detail(code: str) -> MunicipalityDetail:
    territory = (
        Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY, code=code)
        .select_related("parent", "authority")
        .first()
    )
    if territory is None:
        raise NotFound(_("There is no municipality with the code %(code)s.") % {"code": code})
    series, used = _population_series([territory.id])
    points = [PopulationPoint(year, value) for year, value in sorted(series.get(territory.id, {}).items())]
    county = territory.parent
    return MunicipalityDetail(
        territory.code,
        territory.name,
        county.code,
        county.name,
        county.name_en,
        _organization(territory.authority),
        territory.coat_of_arms_url,
        points,
        _sources(used),
    )


# --- counties ----------------------------------------------------------------------


def _counties_with_latest() -> tuple[list[CountyGroup], dict[int, tuple[int, int, int]]]:
    """Every county with its municipalities and their latest population: three queries in all."""
    counties = list(Territory.objects.filter(kind=TerritoryKind.COUNTY).order_by("code"))
    municipalities = list(
        Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY).select_related("parent").order_by("search_name")
    )
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
    county = Territory.objects.filter(kind=TerritoryKind.COUNTY, code=code).select_related("authority").first()
    if county is None:
        raise NotFound(_("There is no county with the code %(code)s.") % {"code": code})
    municipalities = list(county.children.filter(kind=TerritoryKind.MUNICIPALITY).order_by("search_name"))
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
class PopulationForYears:
    """Population per year for a territory, with the years that were interpolated between SCB's figures."""

    values: dict[int, int]
    estimated: set[int]


def population_for_years(territory: Territory, years: list[int]) -> PopulationForYears:
    """Population of a territory (a county or the country: the sum of its municipalities) for the given years.

    A year between two years SCB gives (such as 2023 and 2024, between 2022 and 2025) is interpolated
    linearly and marked as estimated; no year outside SCB's range is invented.
    """
    if territory.kind == TerritoryKind.MUNICIPALITY:
        series, _used = _population_series([territory.id])
        known = series.get(territory.id, {})
    elif territory.kind == TerritoryKind.COUNTY:
        known = _summed_population(territory__parent=territory)
    else:
        known = _summed_population()
    return _interpolated(known, years)


def population_for_years_by_municipality(years: list[int]) -> dict[int, PopulationForYears]:
    """The same for every municipality at once, reading only the years needed to interpolate."""
    needed: set[int] = set()
    for year in years:
        before = PopulationValue.objects.filter(year__lte=year).aggregate(year=Max("year"))["year"]
        after = PopulationValue.objects.filter(year__gte=year).aggregate(year=Min("year"))["year"]
        needed.update(y for y in (before, after) if y is not None)
    series, _used = _population_series_all(years=needed)
    return {territory_id: _interpolated(values, years) for territory_id, values in series.items()}


def _population_series_all(years: set[int] | None = None) -> tuple[dict[int, dict[int, int]], set[int]]:
    series: dict[int, dict[int, int]] = defaultdict(dict)
    used = {}
    values = PopulationValue.objects.filter(territory__kind=TerritoryKind.MUNICIPALITY)
    if years is not None:
        values = values.filter(year__in=years)
    rows = values.order_by(F("release__published_on").asc(nulls_first=True), "release_id").values_list(
        "territory_id", "year", "value", "release_id"
    )
    for territory_id, year, value, release_id in rows:
        series[territory_id][year] = value
        used[(territory_id, year)] = release_id
    return series, set(used.values())


def _interpolated(known: dict[int, int], years: list[int]) -> PopulationForYears:
    values, estimated = {}, set()
    known_years = sorted(known)
    for year in years:
        if year in known:
            values[year] = known[year]
            continue
        before = [y for y in known_years if y < year]
        after = [y for y in known_years if y > year]
        if before and after:
            low, high = before[-1], after[0]
            share = (year - low) / (high - low)
            values[year] = round(known[low] + (known[high] - known[low]) * share)
            estimated.add(year)
    return PopulationForYears(values, estimated)


@dataclass(frozen=True)
class CountyChoice:
    code: str
    name: str
    name_en: str


def county_choices() -> list[CountyChoice]:
    """The counties for a filter: one light query."""
    rows = Territory.objects.filter(kind=TerritoryKind.COUNTY).order_by("code").values_list("code", "name", "name_en")
    return [CountyChoice(*row) for row in rows]


def _summed_population(**territory_filter) -> dict[int, int]:
    """Population per year summed over municipalities in the database, the newest release winning per year."""
    rows = (
        PopulationValue.objects.filter(territory__kind=TerritoryKind.MUNICIPALITY, **territory_filter)
        .values("year", "release_id", "release__published_on")
        .annotate(total=Sum("value"))
        .order_by(F("release__published_on").asc(nulls_first=True), "release_id")
    )
    return {row["year"]: row["total"] for row in rows}
