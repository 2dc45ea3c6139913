"""Every municipality's progress in one engine call, against Sweden's target for the scope: the overview."""

from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.core.cache import TIMEOUT, data_key
from samverkan.core.db import swedish
from samverkan.core.errors import NotFound
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import ReleaseSummary, resolve_release, yearly_totals
from samverkan.places.models import OrganizationKind, Territory, TerritoryKind
from samverkan.places.queries import county_or_404
from samverkan.sources.models import Release, Resolution

from .. import progress as engine
from ..models import Target
from .levels import levels_by_row
from .series import SeriesProgress, _check_as_of, _compute, _series


@dataclass
class ProgressOverview:
    release: ReleaseSummary
    as_of: int
    sector: str | None
    sector_name: str | None
    national_target: str | None
    rows: list[SeriesProgress]

    @property
    def fitted_rows(self) -> list[SeriesProgress]:
        return [row for row in self.rows if row.fitted]

    @property
    def paris_aligned_count(self) -> int:
        return sum(1 for row in self.rows if row.paris_aligned)

    @property
    def net_zero_by_2045_count(self) -> int:
        return sum(1 for row in self.rows if row.net_zero_date and row.net_zero_date.year <= 2045)

    @property
    def falling_count(self) -> int:
        return sum(1 for row in self.rows if row.slope is not None and row.slope < 0)

    def status_count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.target_status == status)

    @property
    def on_track_count(self) -> int:
        return self.status_count(engine.ON_TRACK) + self.status_count(engine.ACHIEVED)


def _sector_or_404(release: Release, sector_slug: str | None) -> Sector | None:
    if not sector_slug:
        return None
    sector = Sector.objects.in_total().filter(slug=sector_slug).first()
    if sector is None:
        known = ", ".join(Sector.objects.in_total().values_list("slug", flat=True))
        raise NotFound(
            _("There is no main sector %(slug)s. Sectors: %(known)s.") % {"slug": sector_slug, "known": known}
        )
    if release.resolution == Resolution.TOTAL:
        raise NotFound(_("The release %(slug)s gives totals only, not sectors.") % {"slug": release.slug})
    return sector


def _national_target(sector: Sector | None) -> Target | None:
    """Sweden's target on exactly this scope: the 2045 target for totals, the transport target for Transporter."""
    candidates = (
        Target.objects.filter(organization__kind=OrganizationKind.STATE, published=True)
        .annotate(sector_count=Count("sectors"))
        .order_by("target_year")
    )
    if sector is None:
        return candidates.filter(sector_count=0).first()
    return candidates.filter(sector_count=1, sectors=sector).first()


def progress_overview(
    *,
    release_slug: str | None = None,
    as_of: int | None = None,
    sector_slug: str | None = None,
    county: str | None = None,
    paths: bool = False,
    releases: list[Release] | None = None,
) -> ProgressOverview:
    """Every municipality's progress in one engine call; cached under its parameters and the data generation."""
    release, summary = resolve_release(release_slug, releases)
    as_of = _check_as_of(as_of, release)
    sector = _sector_or_404(release, sector_slug)
    if county:
        county_or_404(county)
    key = data_key("progress-overview", release.pk, as_of, sector_slug, paths)
    cached = cache.get(key)
    if cached is None:
        cached = _overview(release, summary, as_of, sector, paths)
        cache.set(key, cached, TIMEOUT)
    if county:
        cached = ProgressOverview(
            cached.release,
            cached.as_of,
            cached.sector,
            cached.sector_name,
            cached.national_target,
            [row for row in cached.rows if row.county_code == county],
        )
    return cached


def _overview(
    release: Release, summary: ReleaseSummary, as_of: int, sector: Sector | None, paths: bool
) -> ProgressOverview:
    municipalities = list(
        Territory.objects.municipalities()
        .order_by(swedish("name"))
        .values_list("id", "code", "name", "parent__code", "parent__name", "parent__name_en")
    )
    by_territory = yearly_totals(release, territory_kind=TerritoryKind.MUNICIPALITY, sector=sector)
    years_present = {year for values in by_territory.values() for year in values}
    if not years_present:
        raise NotFound(_("The release %(slug)s has no municipal figures.") % {"slug": release.slug})
    years = sorted(years_present)
    matrix = np.full((len(municipalities), len(years)), np.nan)
    column = {year: i for i, year in enumerate(years)}
    for row_index, (territory_id, *_rest) in enumerate(municipalities):
        for year, value in by_territory.get(territory_id, {}).items():
            matrix[row_index, column[year]] = value
    result = _compute(years, matrix, as_of, release)

    target = _national_target(sector)
    statuses = [None] * len(municipalities)
    if target is not None:
        levels = levels_by_row(target, matrix, years, [row[0] for row in municipalities])
        evaluated = engine.evaluate_targets(
            result,
            series=np.arange(len(municipalities)),
            levels=levels,
            target_years=np.full(len(municipalities), target.target_year),
        )
        statuses = [str(status) for status in evaluated.status]
    english = get_language() == "en"
    series = [
        _series(
            result,
            index,
            code=code,
            name=name,
            county_code=county_code,
            county_name=county_name_en if english and county_name_en else county_name,
            sector=sector.slug if sector else None,
            sector_name=sector.display_name if sector else None,
            paths=paths,
            target_status=statuses[index],
        )
        for index, (_id, code, name, county_code, county_name, county_name_en) in enumerate(municipalities)
    ]
    return ProgressOverview(
        summary,
        as_of,
        sector.slug if sector else None,
        sector.display_name if sector else None,
        target.display_name if target else None,
        series,
    )


SORT_KEYS = {
    "name",
    "county",
    "slope",
    "annual_change_percent",
    "historical_change_percent",
    "net_zero_date",
    "paris_aligned",
    "target_status",
}


STATUS_ORDER = {engine.ACHIEVED: 0, engine.ON_TRACK: 1, engine.OFF_TRACK: 2, engine.UNKNOWN: 3}


def sort_overview(rows: list[SeriesProgress], key: str, descending: bool) -> list[SeriesProgress]:
    """Sort by a column; rows without a value go last whatever the direction."""
    if key not in SORT_KEYS:
        key = "name"

    def value(row: SeriesProgress):
        if key == "county":
            return (row.county_name, row.name)
        if key == "target_status":
            return STATUS_ORDER.get(row.target_status) if row.target_status else None
        if key == "paris_aligned":
            return int(row.paris_aligned) if row.fitted else None
        return getattr(row, key)

    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    return sorted(present, key=value, reverse=descending) + missing
