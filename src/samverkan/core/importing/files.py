"""Files as importers take them in: checksums of a release's files, and the progress callback."""

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem

# progress(description, done, total): services call it; the CLI draws a bar with it.
ProgressCallback = Callable[[str, int, int], None]


def no_progress(description: str, done: int, total: int) -> None:
    """The default progress callback: shows nothing."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_sha256(paths: Sequence[Path]) -> str:
    """One checksum for a release made of several files, in order; every missing file is reported."""
    missing = [path for path in paths if not path.is_file()]
    if missing:
        raise DataFileError(
            [
                Problem(str(path), None, None, None, _("no such file"), _("an existing, readable file"))
                for path in missing
            ]
        )
    digest = hashlib.sha256()
    for path in paths:
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def require_file(path: Path) -> None:
    if not path.is_file():
        raise DataFileError([Problem(str(path), None, None, None, _("no such file"), _("an existing, readable file"))])
