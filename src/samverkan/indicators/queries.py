"""Reads for key indicators, shared by pages and API: the catalogue, one indicator across the
municipalities, and one municipality's values with its place among all of them."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.places.models import Territory
from samverkan.places.queries import municipality_or_404
from samverkan.sources.models import Release

from .models import Direction, Indicator, IndicatorValue


@dataclass
class IndicatorSummary:
    indicator: Indicator
    release: Release | None  # the newest release with values of it
    count: int
    median: float | None


@dataclass
class TableRow:
    code: str
    name: str
    county: str
    values: list[float | None]  # one per release, oldest first
    rank: int | None  # in the newest release, 1 = best


@dataclass
class IndicatorTable:
    indicator: Indicator
    releases: list[Release]
    rows: list[TableRow]
    medians: list[float | None]


@dataclass
class TerritoryValue:
    indicator: Indicator
    values: list[tuple[Release, float]] = field(default_factory=list)  # oldest first
    rank: int | None = None  # in the newest release, 1 = best
    of: int = 0  # municipalities with a value in that release
    median: float | None = None

    @property
    def latest(self) -> tuple[Release, float] | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> tuple[Release, float] | None:
        return self.values[-2] if len(self.values) > 1 else None


def _releases_of(indicator_ids) -> dict[int, list[Release]]:
    """Each indicator's releases, oldest first (in the order they were imported)."""
    pairs = (
        IndicatorValue.objects.filter(indicator_id__in=indicator_ids)
        .values_list("indicator_id", "release_id")
        .distinct()
    )
    by_indicator = defaultdict(set)
    for indicator_id, release_id in pairs:
        by_indicator[indicator_id].add(release_id)
    releases = Release.objects.select_related("dataset").in_bulk({r for ids in by_indicator.values() for r in ids})
    return {i: [releases[r] for r in sorted(ids)] for i, ids in by_indicator.items()}


def _ranks(values: dict[int, float], direction: str) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4): equal values share a place; 1 is the best."""
    ordered = sorted(values.values(), reverse=direction == Direction.HIGHER)
    first_place: dict[float, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {territory: first_place[value] for territory, value in values.items()}


def indicator_list() -> list[IndicatorSummary]:
    indicators = list(Indicator.objects.all())
    releases = _releases_of([i.pk for i in indicators])
    latest = {i.pk: releases[i.pk][-1] for i in indicators if releases.get(i.pk)}
    values = defaultdict(list)
    for indicator_id, release_id, value in IndicatorValue.objects.filter(
        release_id__in={r.pk for r in latest.values()}
    ).values_list("indicator_id", "release_id", "value"):
        if latest.get(indicator_id) and latest[indicator_id].pk == release_id:
            values[indicator_id].append(value)
    return [
        IndicatorSummary(
            i, latest.get(i.pk), len(values[i.pk]), statistics.median(values[i.pk]) if values[i.pk] else None
        )
        for i in indicators
    ]


def indicator_or_404(slug: str) -> Indicator:
    indicator = Indicator.objects.filter(slug=slug).first()
    if indicator is None:
        raise NotFound(_("There is no key indicator %(slug)s.") % {"slug": slug[:80]})
    return indicator


def indicator_table(slug: str) -> IndicatorTable:
    """Every municipality's values of an indicator in each release, the best in the newest release first."""
    indicator = indicator_or_404(slug)
    releases = _releases_of([indicator.pk]).get(indicator.pk, [])
    column = {release.pk: number for number, release in enumerate(releases)}
    municipalities = {
        t.pk: t
        for t in Territory.objects.municipalities().select_related("parent").only("code", "name", "parent__name")
    }
    by_territory: dict[int, list[float | None]] = {}
    for territory_id, release_id, value in indicator.values.values_list("territory_id", "release_id", "value"):
        by_territory.setdefault(territory_id, [None] * len(releases))[column[release_id]] = value
    newest = {t: row[-1] for t, row in by_territory.items() if releases and row[-1] is not None}
    ranks = _ranks(newest, indicator.direction)
    rows = [
        TableRow(
            t.code,
            t.name,
            t.parent.name if t.parent else "",
            by_territory.get(pk, [None] * len(releases)),
            ranks.get(pk),
        )
        for pk, t in municipalities.items()
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name))
    medians = []
    for number in range(len(releases)):
        present = [row.values[number] for row in rows if row.values[number] is not None]
        medians.append(statistics.median(present) if present else None)
    return IndicatorTable(indicator, releases, rows, medians)


def territory_values(territory: Territory, indicators=None) -> list[TerritoryValue]:
    """A municipality's values of the indicators (all, or those given), with its place among all municipalities
    in the newest release and that release's median; two queries (one with the indicators given)."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    if not indicators:
        return []
    rows = list(
        IndicatorValue.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", "territory_id", "release_id", "value", "release__slug", "release__label"
        )
    )
    # The releases' identifier and label come with the values: one query less on every municipality's page.
    releases = {row[2]: Release(pk=row[2], slug=row[4], label=row[5]) for row in rows if row[1] == territory.pk}
    rows = [row[:4] for row in rows]
    newest: dict[int, int] = {}
    for indicator_id, _territory, release_id, _value in rows:
        newest[indicator_id] = max(newest.get(indicator_id, release_id), release_id)
    result = {i.pk: TerritoryValue(i) for i in indicators}
    newest_values: dict[int, dict[int, float]] = defaultdict(dict)
    for indicator_id, territory_id, release_id, value in rows:
        if territory_id == territory.pk:
            result[indicator_id].values.append((releases[release_id], value))
        if newest[indicator_id] == release_id:
            newest_values[indicator_id][territory_id] = value
    for indicator in indicators:
        entry = result[indicator.pk]
        entry.values.sort(key=lambda pair: pair[0].pk)
        everyone = newest_values.get(indicator.pk, {})
        if everyone:
            entry.of, entry.median = len(everyone), statistics.median(everyone.values())
            if territory.pk in everyone:
                entry.rank = _ranks(everyone, indicator.direction)[territory.pk]
    return list(result.values())


def municipality_values(code: str) -> tuple[Territory, list[TerritoryValue]]:
    territory = municipality_or_404(code)
    return territory, territory_values(territory)
