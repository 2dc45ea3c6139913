"""Reads for targets and progress, shared by pages, API and downloads.

The emission figures come from the emissions app's reads; the numbers come from the pure
engine in `progress.py`. Everything returned is plain data, ready for templates and schemas.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.core.cache import TIMEOUT, data_key
from samverkan.core.errors import DomainError, NotFound
from samverkan.core.plausible import ratio
from samverkan.emissions.models import EmissionValue, Sector
from samverkan.emissions.queries import RESIDUAL_SLUG, Inventory, ReleaseSummary, inventory, resolve_release
from samverkan.places.models import OrganizationKind, Territory, TerritoryKind
from samverkan.sources.models import Release, Resolution

from . import progress as engine
from .models import Commitment, Target, TargetKind


class ProgressUnavailable(DomainError):
    """Parameters that cannot give a trend (an as-of year too early, too few years): 422."""

    status = 422


@dataclass(frozen=True)
class SeriesProgress:
    """The progress figures of one series: a municipality's total or one of its sectors."""

    code: str
    name: str
    county_code: str
    county_name: str
    sector: str | None
    sector_name: str | None
    fitted: bool
    slope: float | None
    slope_range: tuple[float, float] | None
    last_year: int | None
    last_value: float | None
    annual_change_percent: float | None  # the slope as a share of the last value
    cumulative_trend: float | None
    carbon_law_cumulative: float | None
    paris_aligned: bool
    net_zero_date: dt.date | None
    historical_change_percent: float | None
    trend: dict[int, float] = field(default_factory=dict)
    carbon_law: dict[int, float] = field(default_factory=dict)
    history: dict[int, float] = field(default_factory=dict)
    target_status: str | None = None  # against the national target for this scope (overview only)

    @property
    def net_zero_year(self) -> int | None:
        return self.net_zero_date.year if self.net_zero_date else None


@dataclass(frozen=True)
class TargetResult:
    id: int
    key: str | None
    name: str
    owner: str
    owner_kind: str  # "organization", "state" or "commitment"
    kind: str
    kind_label: str
    scope: str
    sectors: list[str]
    base_year: int | None
    base_value: float | None
    target_year: int
    value: float | None
    level: float | None
    value_in_target_year: float | None
    status: str
    required_annual_cut_percent: float | None
    year_reached: int | None
    note: str
    decision_body: str
    decision_date: dt.date | None
    decision_url: str
    source: str
    source_url: str
    unknown_reason: str = ""
    deadline_passed: bool = False  # the target year is a data year already

    @property
    def path(self) -> dict[int, float]:
        """The straight path from the base-year value to the target level."""
        if self.base_year is None or self.base_value is None or self.level is None:
            return {}
        return {self.base_year: self.base_value, self.target_year: self.level}


@dataclass
class MunicipalityProgress:
    release: ReleaseSummary
    as_of: int
    unit: str
    total: SeriesProgress
    sectors: list[SeriesProgress]
    targets: list[TargetResult]


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


def default_as_of() -> int:
    return dt.date.today().year


def _float(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _check_as_of(as_of: int | None, release: Release) -> int:
    as_of = default_as_of() if as_of is None else as_of
    last = release.last_year
    if last is not None and as_of < last:
        raise ProgressUnavailable(
            _("The as-of year %(as_of)s is earlier than the last data year of %(release)s (%(last)s).")
            % {"as_of": as_of, "release": release.slug, "last": last}
        )
    if as_of > engine.HORIZON_YEAR:
        raise ProgressUnavailable(
            _("The as-of year %(as_of)s is later than %(horizon)s.") % {"as_of": as_of, "horizon": engine.HORIZON_YEAR}
        )
    return as_of


def _compute(years: list[int], matrix: np.ndarray, as_of: int, release: Release) -> engine.Progress:
    try:
        return engine.compute_progress(years, matrix, as_of=as_of)
    except engine.ProgressInputError:
        fit_years = [year for year in years if year >= engine.FIT_FROM_YEAR]
        raise ProgressUnavailable(
            _("%(release)s has %(count)s years from %(first)s on; a trend needs at least two.")
            % {"release": release.slug, "count": len(fit_years), "first": engine.FIT_FROM_YEAR}
        ) from None


def _series(
    result: engine.Progress,
    index: int,
    *,
    code: str,
    name: str,
    county_code: str,
    county_name: str,
    sector: str | None = None,
    sector_name: str | None = None,
    paths: bool = True,
    target_status: str | None = None,
) -> SeriesProgress:
    fitted = bool(result.fitted[index])
    low, high = _float(result.slope_low[index]), _float(result.slope_high[index])
    slope = _float(result.slope[index])
    last_value = _float(result.last_value[index])
    history = {}
    trend, carbon_law = {}, {}
    if paths:
        row = result.values[index]
        history = {int(year): float(value) for year, value in zip(result.years, row, strict=True) if np.isfinite(value)}
        if fitted:
            trend = {
                int(year): float(value) for year, value in zip(result.trend_years, result.trend[index], strict=True)
            }
            carbon_law = {
                int(year): float(value)
                for year, value in zip(result.carbon_law_years, result.carbon_law[index], strict=True)
            }
    return SeriesProgress(
        code=code,
        name=name,
        county_code=county_code,
        county_name=county_name,
        sector=sector,
        sector_name=sector_name,
        fitted=fitted,
        slope=slope,
        slope_range=(low, high) if fitted and bool(result.slope_uncertain[index]) else None,
        last_year=int(result.last_year[index]) if fitted else None,
        last_value=last_value,
        annual_change_percent=ratio(slope, last_value, 100) if fitted else None,
        cumulative_trend=_float(result.cumulative_trend[index]),
        carbon_law_cumulative=_float(result.carbon_law_cumulative[index]),
        paris_aligned=bool(result.paris_aligned[index]),
        net_zero_date=engine.fractional_year_to_date(float(result.net_zero_year[index])),
        historical_change_percent=_float(result.historical_change_percent[index]),
        trend=trend,
        carbon_law=carbon_law,
        history=history,
        target_status=target_status,
    )


# --- one municipality -----------------------------------------------------------------------------


def applicable_targets(territory: Territory, user=None) -> list[Target]:
    """Sweden's targets, the municipality's own and those of the commitments it holds: two queries.

    A commitment's targets apply to the members that have taken it (an active membership, or one on hold).
    """
    owners = Q(organization__kind=OrganizationKind.STATE)
    if territory.authority_id:
        owners |= Q(organization_id=territory.authority_id)
        held = Commitment.objects.filter(
            memberships__organization_id=territory.authority_id, memberships__status__in=["active", "on_hold"]
        )
        owners |= Q(commitment__in=held)
    return list(
        Target.objects.visible_to(user or AnonymousUser())
        .filter(owners)
        .select_related("organization", "commitment")
        .prefetch_related("sectors")
        .order_by("commitment", "organization__kind", "target_year", "name")
    )


def _scope_values(target: Target, found: Inventory) -> tuple[dict[int, float] | None, str]:
    """The series a target is measured on: the total or the sum of its sectors; None with a reason if absent."""
    slugs = [sector.slug for sector in target.sectors.all()]
    if not slugs:
        return found.total, ""
    by_slug = {series.slug: series for series in found.sectors}
    if not by_slug:
        return None, _("This release gives totals only, and the target concerns sectors.")
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        return None, _("This release has no figures for the sector %(sector)s.") % {"sector": ", ".join(missing)}
    summed: dict[int, float] = defaultdict(float)
    for slug in slugs:
        for year, value in by_slug[slug].values.items():
            summed[year] += value
    return dict(summed), ""


def _level(target: Target, series: dict[int, float], found: Inventory) -> tuple[float | None, float | None, str]:
    """The target as tonnes a year on its series, the base-year value, and why it is unknown if it is."""
    base_value = series.get(target.base_year) if target.base_year else None
    if target.kind == TargetKind.ABSOLUTE:
        return target.value, base_value, ""
    if target.kind == TargetKind.PER_INHABITANT:
        people = found.population.get(found.latest_year) if found.latest_year else None
        if not people:
            return None, base_value, _("The population is not known for %(year)s.") % {"year": found.latest_year}
        return target.value * people, base_value, ""
    if target.kind == TargetKind.NET_ZERO and target.value is None:
        return 0.0, base_value, ""
    if base_value is None:
        return (
            None,
            None,
            _("This release has no figures for the base year %(year)s.") % {"year": target.base_year},
        )
    return base_value * (1 - target.value / 100), base_value, ""


def _owner(target: Target) -> tuple[str, str]:
    if target.commitment_id:
        return target.commitment.display_name, "commitment"
    kind = "state" if target.organization.kind == OrganizationKind.STATE else "organization"
    return target.organization.name, kind


def municipality_progress(
    code: str,
    *,
    release_slug: str | None = None,
    as_of: int | None = None,
    releases: list[Release] | None = None,
    user=None,
) -> MunicipalityProgress:
    """A municipality's trend, Carbon Law path and targets, for its total and each sector."""
    territory = Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY, code=code).select_related("parent").first()
    if territory is None:
        raise NotFound(_("There is no municipality with the code %(code)s.") % {"code": code})
    found = inventory(territory, release_slug, releases)
    return progress_for_inventory(territory, found, as_of=as_of, releases=releases, user=user)


def progress_for_inventory(
    territory: Territory,
    found: Inventory,
    *,
    as_of: int | None = None,
    releases: list[Release] | None = None,
    user=None,
) -> MunicipalityProgress:
    """The same from an inventory already read (the municipality page has one)."""
    release, _summary = resolve_release(found.release.slug, releases)
    as_of = _check_as_of(as_of, release)
    years = found.years
    series_list: list[dict[int, float]] = [found.total] + [s.values for s in found.sectors]
    targets = applicable_targets(territory, user)
    target_rows = []  # (target, series index, level, base value, reason)
    for target in targets:
        values, reason = _scope_values(target, found)
        if values is None:
            target_rows.append((target, 0, None, None, reason))
            continue
        if values is found.total:
            index = 0
        elif len(target.sectors.all()) == 1:
            index = 1 + [s.slug for s in found.sectors].index(target.sectors.all()[0].slug)
        else:
            series_list.append(values)
            index = len(series_list) - 1
        level, base_value, reason = _level(target, values, found)
        target_rows.append((target, index, level, base_value, reason))
    matrix = np.array([[series.get(year, np.nan) for year in years] for series in series_list], dtype=float)
    result = _compute(years, matrix, as_of, release)
    county = territory.parent
    place = {
        "code": territory.code,
        "name": territory.name,
        "county_code": county.code if county else "",
        "county_name": county.display_name if county else "",
    }
    total = _series(result, 0, **place)
    sectors = [
        _series(result, 1 + i, sector=s.slug, sector_name=s.display_name, **place) for i, s in enumerate(found.sectors)
    ]
    evaluated = engine.evaluate_targets(
        result,
        series=[row[1] for row in target_rows],
        levels=[np.nan if row[2] is None else row[2] for row in target_rows],
        target_years=[row[0].target_year for row in target_rows],
    )
    results = []
    for position, (target, _index, level, base_value, reason) in enumerate(target_rows):
        owner, owner_kind = _owner(target)
        scope_sectors = list(target.sectors.all())
        slugs = [sector.slug for sector in scope_sectors]
        status = str(evaluated.status[position])
        year = evaluated.year_reached[position]
        results.append(
            TargetResult(
                id=target.pk,
                key=target.key,
                name=target.display_name,
                owner=owner,
                owner_kind=owner_kind,
                kind=target.kind,
                kind_label=target.get_kind_display(),
                scope=", ".join(sector.display_name for sector in scope_sectors) if slugs else _("Total"),
                sectors=slugs,
                base_year=target.base_year,
                base_value=base_value,
                target_year=target.target_year,
                value=target.value,
                level=level,
                value_in_target_year=_float(evaluated.value_in_target_year[position]) if level is not None else None,
                status=status,
                required_annual_cut_percent=_float(evaluated.required_annual_cut_percent[position]),
                year_reached=int(year) if np.isfinite(year) else None,
                note=target.display_note,
                decision_body=target.decision_body,
                decision_date=target.decision_date,
                decision_url=target.decision_url,
                source=target.source,
                source_url=target.source_url,
                unknown_reason=reason if status == engine.UNKNOWN else "",
                deadline_passed=total.last_year is not None and target.target_year <= total.last_year,
            )
        )
    return MunicipalityProgress(found.release, as_of, found.release.unit, total, sectors, results)


def bundled_targets() -> list[Target]:
    """The targets that ship with Samverkan, for the method page."""
    return list(
        Target.objects.exclude(key=None)
        .filter(published=True)
        .select_related("organization", "commitment")
        .prefetch_related("sectors")
        .order_by("commitment__slug", "target_year")
    )


def main_sectors() -> list[Sector]:
    return list(Sector.objects.filter(parent__isnull=True).exclude(slug=RESIDUAL_SLUG).order_by("position"))


# --- every municipality ---------------------------------------------------------------------------


def _sector_or_404(release: Release, sector_slug: str | None) -> Sector | None:
    if not sector_slug:
        return None
    sector = Sector.objects.filter(slug=sector_slug, parent__isnull=True).exclude(slug=RESIDUAL_SLUG).first()
    if sector is None:
        known = ", ".join(
            Sector.objects.filter(parent__isnull=True).exclude(slug=RESIDUAL_SLUG).values_list("slug", flat=True)
        )
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
    if county and not Territory.objects.filter(kind=TerritoryKind.COUNTY, code=county).exists():
        raise NotFound(_("There is no county with the code %(code)s.") % {"code": county})
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
        Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY)
        .order_by("search_name")
        .values_list("id", "code", "name", "parent__code", "parent__name", "parent__name_en")
    )
    values = EmissionValue.objects.filter(release=release, territory__kind=TerritoryKind.MUNICIPALITY)
    if sector is None:
        residual = Sector.objects.filter(slug=RESIDUAL_SLUG).values_list("id", flat=True)
        values = values.exclude(sector_id__in=list(residual))
    else:
        values = values.filter(sector=sector)
    rows = values.values_list("territory_id", "year").annotate(total=Sum("value")).order_by()
    by_territory: dict[int, dict[int, float]] = defaultdict(dict)
    years_present: set[int] = set()
    for territory_id, year, value in rows:
        by_territory[territory_id][year] = value
        years_present.add(year)
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
        levels = np.full(len(municipalities), np.nan)
        if target.kind in (TargetKind.RELATIVE, TargetKind.NET_ZERO) and target.value is not None:
            if target.base_year in column:
                levels = matrix[:, column[target.base_year]] * (1 - target.value / 100)
        elif target.kind == TargetKind.NET_ZERO:
            levels = np.zeros(len(municipalities))
        elif target.kind == TargetKind.ABSOLUTE:
            levels = np.full(len(municipalities), target.value)
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


def commitment_statuses(
    holdings: dict[str, set[str]], *, release_slug: str | None = None, as_of: int | None = None
) -> dict[tuple[str, str], str]:
    """Whether each municipality's trend meets each commitment it holds: one engine call for all of them.

    `holdings` maps a kommunkod to the commitment slugs it holds; the answer maps (code, slug) to
    `met` (every target of the commitment achieved or on track), `not_met`, or `unknown`.
    """
    slugs = set().union(*holdings.values()) if holdings else set()
    targets = list(Target.objects.filter(commitment__slug__in=slugs, published=True).select_related("commitment"))
    if not targets:
        return {(code, slug): "unknown" for code, held in holdings.items() for slug in held}
    release, _summary = resolve_release(release_slug)
    as_of = _check_as_of(as_of, release)
    codes = sorted(holdings)
    territories = dict(
        Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY, code__in=codes).values_list("id", "code")
    )
    residual = list(Sector.objects.filter(slug=RESIDUAL_SLUG).values_list("id", flat=True))
    rows = (
        EmissionValue.objects.filter(release=release, territory_id__in=territories)
        .exclude(sector_id__in=residual)
        .values_list("territory_id", "year")
        .annotate(total=Sum("value"))
        .order_by()
    )
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for territory_id, year, value in rows:
        series[territories[territory_id]][year] = value
    years = sorted({year for values in series.values() for year in values})
    result = {(code, slug): "unknown" for code, held in holdings.items() for slug in held}
    if not years:
        return result
    matrix = np.array([[series[code].get(year, np.nan) for year in years] for code in codes], dtype=float)
    progress = _compute(years, matrix, as_of, release)
    column = {year: i for i, year in enumerate(years)}
    pairs = []  # (row, level, target year, code, commitment slug)
    for row, code in enumerate(codes):
        for target in targets:
            if target.commitment.slug not in holdings[code]:
                continue
            if target.kind == TargetKind.NET_ZERO and target.value is None:
                level = 0.0
            elif target.base_year in column and np.isfinite(matrix[row, column[target.base_year]]):
                level = matrix[row, column[target.base_year]] * (1 - target.value / 100)
            else:
                level = np.nan
            pairs.append((row, level, target.target_year, code, target.commitment.slug))
    if not pairs:
        return result
    evaluated = engine.evaluate_targets(
        progress, series=[p[0] for p in pairs], levels=[p[1] for p in pairs], target_years=[p[2] for p in pairs]
    )
    statuses: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (_row, _level, _year, code, slug), status in zip(pairs, evaluated.status, strict=True):
        statuses[(code, slug)].append(str(status))
    for key, found in statuses.items():
        if engine.OFF_TRACK in found:
            result[key] = "not_met"
        elif engine.UNKNOWN in found:
            result[key] = "unknown"
        else:
            result[key] = "met"
    return result
