"""Population: the series of SCB's figures per territory, interpolated between the years SCB gives."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Max, Min, OuterRef, Subquery, Sum

from samverkan.core.text import in_language
from samverkan.sources.models import Release

from ..models import PopulationValue, Territory, TerritoryKind


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


def population_for_years_summed(territory_ids: list[int], years: list[int]) -> PopulationForYears:
    """Several municipalities' population added up for the given years (a network's members in a county): one query.

    Each municipality's series is interpolated first (`population_for_years`); a year counts only when every one
    of them has it.
    """
    series, _used = _population_series(territory_ids)
    each = [_interpolated(series.get(territory_id, {}), years) for territory_id in territory_ids]
    values = {year: sum(one.values[year] for one in each) for year in years if all(year in one.values for one in each)}
    estimated = {year for year in values if any(year in one.estimated for one in each)}
    return PopulationForYears(values, estimated)


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


def _summed_population(**territory_filter) -> dict[int, int]:
    """Population per year summed over municipalities in the database, the newest release winning per year."""
    rows = (
        PopulationValue.objects.filter(territory__kind=TerritoryKind.MUNICIPALITY, **territory_filter)
        .values("year", "release_id", "release__published_on")
        .annotate(total=Sum("value"))
        .order_by(F("release__published_on").asc(nulls_first=True), "release_id")
    )
    return {row["year"]: row["total"] for row in rows}
