"""Reads for targets and progress, shared by pages, API and downloads.

The emission figures come from the emissions app's reads; the numbers come from the pure
engine in `targets/progress.py`. Everything returned is plain data, ready for templates and schemas.

- `levels`: a target's level in tonnes on a series (every reader of a level takes it from here).
- `series`: the as-of checks, one engine call and one series' progress as plain data.
- `municipality`: one municipality's progress and the targets that apply to it.
- `overview`: every municipality against Sweden's target for a scope.
- `commitments`: whether each municipality's trend meets the commitments it holds.
"""

from samverkan.core.errors import NotFound

from .commitments import commitment_statuses
from .levels import levels_by_row, target_level
from .municipality import (
    MunicipalityProgress,
    TargetResult,
    applicable_targets,
    bundled_targets,
    combined_progress,
    held_commitments,
    main_sectors,
    municipality_progress,
    organization_targets,
    progress_for_inventory,
)
from .overview import SORT_KEYS, STATUS_ORDER, ProgressOverview, progress_overview, sort_overview
from .series import ProgressUnavailable, SeriesProgress, default_as_of

__all__ = [
    "SORT_KEYS",
    "STATUS_ORDER",
    "MunicipalityProgress",
    "NotFound",
    "ProgressOverview",
    "ProgressUnavailable",
    "SeriesProgress",
    "TargetResult",
    "applicable_targets",
    "bundled_targets",
    "combined_progress",
    "commitment_statuses",
    "default_as_of",
    "held_commitments",
    "levels_by_row",
    "main_sectors",
    "municipality_progress",
    "organization_targets",
    "progress_for_inventory",
    "progress_overview",
    "sort_overview",
    "target_level",
]
