"""One municipality's progress: its trend, Carbon Law path and every target that applies to it."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.core.db import swedish
from samverkan.core.text import language_of
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import Inventory, ReleaseSummary, inventory, resolve_release
from samverkan.places.models import Organization, OrganizationKind, Territory
from samverkan.places.queries import municipality_or_404
from samverkan.sources.models import Release

from .. import progress as engine
from ..models import Commitment, Target
from .levels import target_level
from .series import SeriesProgress, _check_as_of, _compute, _float, _series


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
    met_since: int | None = None  # met: at or below its level in every data year since then, up to the last
    note_lang: str = "sv"  # the language of `note` and of `decision_body` as shown, for marking them
    decision_body_lang: str = "sv"

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


def held_commitments(organization_id: int):
    """The commitments an organization holds: those taken in a membership in force (`MembershipQuerySet.in_force`).

    Read through the organization's own memberships (the reverse relation): networks builds on targets, so
    targets imports nothing from it. One subquery, no query of its own.
    """
    return Commitment.objects.filter(memberships__in=Organization(pk=organization_id).memberships.in_force())


def applicable_targets(territory: Territory, user=None) -> list[Target]:
    """Sweden's targets, the municipality's own and those of the commitments it holds: two queries.

    A commitment's targets apply to the members that have taken it (a membership in force, `held_commitments`).
    """
    owners = Q(organization__kind=OrganizationKind.STATE)
    if territory.authority_id:
        owners |= Q(organization_id=territory.authority_id)
        owners |= Q(commitment__in=held_commitments(territory.authority_id))
    return list(
        Target.objects.visible_to(user or AnonymousUser())
        .filter(owners)
        .select_related("organization", "commitment")
        .prefetch_related("sectors")
        .order_by("commitment", "organization__kind", "target_year", swedish("name"))
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


def _owner(target: Target) -> tuple[str, str]:
    if target.commitment_id:
        return target.commitment.display_name, "commitment"
    kind = "state" if target.organization.kind == OrganizationKind.STATE else "organization"
    return target.organization.display_name, kind


def municipality_progress(
    code: str,
    *,
    release_slug: str | None = None,
    as_of: int | None = None,
    releases: list[Release] | None = None,
    user=None,
) -> MunicipalityProgress:
    """A municipality's trend, Carbon Law path and targets, for its total and each sector."""
    territory = municipality_or_404(code, "parent")
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
    county = territory.parent
    place = {
        "code": territory.code,
        "name": territory.name,
        "county_code": county.code if county else "",
        "county_name": county.display_name if county else "",
    }
    return _progress(place, found, applicable_targets(territory, user), as_of=as_of, releases=releases)


def organization_targets(organization_id: int, user=None) -> list[Target]:
    """An organization's own targets that this person may see (a region's, entered by its editors): one query."""
    return list(
        Target.objects.visible_to(user or AnonymousUser())
        .filter(organization_id=organization_id)
        .select_related("organization", "commitment")
        .prefetch_related("sectors")
        .order_by("target_year", swedish("name"))
    )


def combined_progress(
    found: Inventory,
    organization_id: int,
    *,
    county: Territory | None = None,
    as_of: int | None = None,
    releases: list[Release] | None = None,
    user=None,
) -> MunicipalityProgress:
    """The trend of several municipalities' emissions added up (`emissions.queries.combined_inventory`) and the
    status of an organization's own targets on it: the same engine call as a municipality's progress."""
    place = {
        "code": found.territory_code,
        "name": found.territory_name,
        "county_code": county.code if county else "",
        "county_name": county.display_name if county else "",
    }
    return _progress(place, found, organization_targets(organization_id, user), as_of=as_of, releases=releases)


def _progress(
    place: dict, found: Inventory, targets: list[Target], *, as_of: int | None, releases: list[Release] | None
) -> MunicipalityProgress:
    """The engine on an inventory's total and sectors, and each target's status on the series it is measured on."""
    release, _summary = resolve_release(found.release.slug, releases)
    as_of = _check_as_of(as_of, release)
    years = found.years
    series_list: list[dict[int, float]] = [found.total] + [s.values for s in found.sectors]
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
        people = found.population.get(found.latest_year) if found.latest_year else None
        level, base_value, reason = target_level(target, values, population=people, year=found.latest_year)
        target_rows.append((target, index, level, base_value, reason))
    matrix = np.array([[series.get(year, np.nan) for year in years] for series in series_list], dtype=float)
    result = _compute(years, matrix, as_of, release)
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
    since = engine.met_since(
        result,
        series=[row[1] for row in target_rows],
        levels=[np.nan if row[2] is None else row[2] for row in target_rows],
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
                decision_body=target.display_decision_body,
                decision_date=target.decision_date,
                decision_url=target.decision_url,
                source=target.source,
                source_url=target.source_url,
                unknown_reason=reason if status == engine.UNKNOWN else "",
                deadline_passed=total.last_year is not None and target.target_year <= total.last_year,
                met_since=int(since[position]) if status == engine.ACHIEVED and np.isfinite(since[position]) else None,
                note_lang=language_of(target.note, target.note_en),
                decision_body_lang=language_of(target.decision_body, target.decision_body_en),
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
    """The main sectors a total adds up (`Sector.objects.in_total`), in order."""
    return list(Sector.objects.in_total().order_by("position"))
