"""Whether each municipality's trend meets the network commitments it holds: for criteria and standings."""

from collections import defaultdict

import numpy as np

from samverkan.core.errors import NotFound
from samverkan.emissions.queries import resolve_release, yearly_totals
from samverkan.places.models import Territory

from .. import progress as engine
from ..models import CommitmentProgress, Target
from .levels import levels_by_row
from .series import _check_as_of, _compute


def commitment_statuses(
    holdings: dict[str, set[str]], *, release_slug: str | None = None, as_of: int | None = None
) -> dict[tuple[str, str], str]:
    """Whether each municipality's trend meets each commitment it holds: one engine call for all of them.

    `holdings` maps a kommunkod to the commitment slugs it holds; the answer maps (code, slug) to
    `met` (every target of the commitment achieved or on track), `not_met`, or `unknown`.
    """
    slugs = set().union(*holdings.values()) if holdings else set()
    targets = list(Target.objects.filter(commitment__slug__in=slugs, published=True).select_related("commitment"))
    unknown = {(code, slug): CommitmentProgress.UNKNOWN for code, held in holdings.items() for slug in held}
    if not targets:
        return unknown
    try:
        release, _summary = resolve_release(release_slug)
    except NotFound:
        if release_slug:
            raise
        return unknown  # no emission data loaded yet: nothing can be assessed
    as_of = _check_as_of(as_of, release)
    codes = sorted(holdings)
    territories = dict(Territory.objects.municipalities().filter(code__in=codes).values_list("id", "code"))
    by_id = yearly_totals(release, territory_ids=territories)
    series = {code: by_id.get(territory_id, {}) for territory_id, code in territories.items()}
    years = sorted({year for values in series.values() for year in values})
    result = dict(unknown)
    if not years:
        return result
    matrix = np.array([[series.get(code, {}).get(year, np.nan) for year in years] for code in codes], dtype=float)
    progress = _compute(years, matrix, as_of, release)
    ids = {code: territory_id for territory_id, code in territories.items()}
    row_ids = [ids.get(code, 0) for code in codes]
    levels = {target.pk: levels_by_row(target, matrix, years, row_ids) for target in targets}
    pairs = []  # (row, level, target year, code, commitment slug)
    for row, code in enumerate(codes):
        for target in targets:
            if target.commitment.slug not in holdings[code]:
                continue
            pairs.append((row, levels[target.pk][row], target.target_year, code, target.commitment.slug))
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
            result[key] = CommitmentProgress.NOT_MET
        elif engine.UNKNOWN in found:
            result[key] = CommitmentProgress.UNKNOWN
        else:
            result[key] = CommitmentProgress.MET
    return result
