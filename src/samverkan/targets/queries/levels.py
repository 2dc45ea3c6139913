"""A target's level in tonnes on the series it is measured on, for every reader of a level.

`Target.level` computes it for every kind (relative, absolute, per inhabitant, net zero); these functions
give it the figures it needs (the base-year value, the population of the series' latest year) and say why
a level is unknown. The municipality page, the overview, the commitments' statuses (network criteria) and a
network's combined emissions all take their levels from here.
"""

from collections.abc import Mapping

import numpy as np
from django.utils.translation import gettext as _

from samverkan.places.queries import population_for_years_by_municipality

from ..models import Target, TargetKind


def target_level(
    target: Target, series: Mapping[int, float], *, population: float | None, year: int | None
) -> tuple[float | None, float | None, str]:
    """(level, base-year value, why the level is unknown) of a target on a series.

    `population` is the territory's in `year`, the series' latest year (used by a per-inhabitant target only).
    """
    base_value = series.get(target.base_year) if target.base_year else None
    level = target.level(base_value=base_value, population=population)
    if level is not None:
        return level, base_value, ""
    if target.kind == TargetKind.PER_INHABITANT:
        return None, base_value, _("The population is not known for %(year)s.") % {"year": year}
    return None, None, _("This release has no figures for the base year %(year)s.") % {"year": target.base_year}


def levels_by_row(target: Target, matrix: np.ndarray, years: list[int], territory_ids: list[int]) -> np.ndarray:
    """The target's level on each row of a matrix of yearly totals (one territory a row, one year a column):
    NaN where unknown. The population (for a per-inhabitant target) is read only when the target needs it."""
    column = {year: i for i, year in enumerate(years)}
    latest = years[-1] if years else None
    people: dict[int, int] = {}
    if target.kind == TargetKind.PER_INHABITANT and latest is not None:
        found = population_for_years_by_municipality([latest])
        people = {territory_id: found[territory_id].values.get(latest) for territory_id in found}
    levels = np.full(len(territory_ids), np.nan)
    for row, territory_id in enumerate(territory_ids):
        base = {}
        if target.base_year in column and np.isfinite(matrix[row, column[target.base_year]]):
            base = {target.base_year: float(matrix[row, column[target.base_year]])}
        level, _base, _reason = target_level(target, base, population=people.get(territory_id), year=latest)
        if level is not None:
            levels[row] = level
    return levels
