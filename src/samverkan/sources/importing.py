"""One skeleton for every import of a release: read, refuse, guard, then write everything in one transaction.

An importer gives `release_import` two functions: `read` parses and validates its files and returns a
`ReadRelease` (the problems and coverage gaps found, the content to checksum, the data to write); `write`
writes that data once the release exists. In between, `release_import` does what every import must do, in
this order:

1. refuse the file's problems, then its coverage gaps unless the import was asked for a partial release
   (sources.coverage.coverage_check: "--partial");
2. checksum the content (sources.coverage.content_sha256) and refuse content or a release identifier
   imported before (sources.services.release_guard);
3. in one transaction, create the release (sources.services.release_create) and let `write` write: every
   row, or none;
4. bump the data generation (core.cache), so cached figures are computed anew.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from samverkan.core.cache import bump_generation
from samverkan.core.db import relaxed_commit
from samverkan.core.errors import Problem
from samverkan.core.importing import files_sha256

from .coverage import Gap, content_sha256, coverage_check
from .models import Release
from .services import ReleaseInfo, release_create, release_guard


@dataclass
class ReadRelease[T]:
    """What an importer read: its problems and gaps, the content that identifies it, and the data to write.

    `content` is called only once the problems are refused: its rows may rely on every row being right.
    `details` are further fields of the release (resolution, years, warnings).
    """

    kind: str  # the content's kind, part of its checksum ("emissions:klimatkollen", "population")
    content: Callable[[], Iterable]
    row_count: int
    data: T
    problems: list[Problem] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def release_import[T, R](
    *,
    info: ReleaseInfo,
    files: Sequence[Path],
    read: Callable[[], ReadRelease[T]],
    write: Callable[[Release, T], R],
    partial: bool = False,
    file_name: str | None = None,
    relaxed: bool = False,
) -> tuple[Release, R]:
    """Import one release all-or-nothing; returns the release and what `write` returned.

    `files` are the files the release is read from, in order: their checksum finds a file imported before.
    `file_name` is what the release records (every file's name, by default). `relaxed` lets a large
    import's commit return before reaching the disk (core.db.relaxed_commit).
    """
    file_checksum = files_sha256(files)
    found = read()
    coverage = coverage_check(found.gaps, partial=partial, problems=found.problems)
    checksum = content_sha256(found.kind, found.content())
    release_guard(slug=info.slug, checksum=checksum, file_checksum=file_checksum)
    with transaction.atomic():
        if relaxed:
            relaxed_commit()
        release = release_create(
            info=info,
            file_name=", ".join(path.name for path in files) if file_name is None else file_name,
            checksum=checksum,
            file_checksum=file_checksum,
            row_count=found.row_count,
            coverage=coverage,
            **found.details,
        )
        written = write(release, found.data)
        bump_generation()
    return release, written
