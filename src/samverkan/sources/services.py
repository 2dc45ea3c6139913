"""Writes for datasets and releases. A release is created once and never overwritten."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.core.errors import AlreadyImported, DomainError

from .models import Dataset, Release


@dataclass(frozen=True)
class ReleaseInfo:
    """What we know of a release before importing it: its dataset and labels."""

    dataset: str
    dataset_name: str
    publisher: str
    slug: str
    label: str
    dataset_name_en: str = ""
    label_en: str = ""
    published_on: dt.date | None = None
    source_url: str = ""
    licence: str = ""
    unit: str = ""
    gases: str = ""


def release_guard(*, slug: str, checksum: str, file_checksum: str = "") -> None:
    """Refuse content imported before, or a release identifier already taken.

    `checksum` is the content's (sources.coverage.content_sha256). The file's own checksum finds the same
    file imported before content checksums existed, whose releases keep the file's checksum.
    """
    same = Q(checksum=checksum)
    if file_checksum:
        same |= Q(file_checksum=file_checksum) | Q(checksum=file_checksum)
    same_content = Release.objects.filter(same).order_by("imported_at").first()
    if same_content is not None:
        raise AlreadyImported(
            _("Already imported: the same content is release %(slug)s (%(label)s); nothing changed.")
            % {"slug": same_content.slug, "label": same_content.label}
        )
    if Release.objects.filter(slug=slug).exists():
        raise AlreadyImported(
            _(
                "A release with the identifier %(slug)s exists and releases are never overwritten; "
                "give the new file another identifier with --release."
            )
            % {"slug": slug}
        )


def release_create(
    *,
    info: ReleaseInfo,
    file_name: str,
    checksum: str,
    row_count: int,
    file_checksum: str = "",
    coverage: list[dict] | None = None,
    **details,
) -> Release:
    """Create the release (and its dataset on first use); call inside the import's transaction.

    `coverage` is what coverage_check returned: a non-empty list makes the release partial.
    """
    dataset, _created = Dataset.objects.get_or_create(
        slug=info.dataset,
        defaults={"name": info.dataset_name, "name_en": info.dataset_name_en, "publisher": info.publisher},
    )
    release = Release(
        dataset=dataset,
        slug=info.slug,
        label=info.label,
        label_en=info.label_en,
        published_on=info.published_on,
        source_url=info.source_url,
        licence=info.licence,
        file_name=file_name[:255],
        checksum=checksum,
        file_checksum=file_checksum,
        row_count=row_count,
        partial=bool(coverage),
        coverage=coverage or [],
        unit=info.unit,
        gases=info.gases,
        **details,
    )
    try:
        release.full_clean()
    except ValidationError as error:
        details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
        raise DomainError(_("The release cannot be created: %(details)s") % {"details": details}) from error
    release.save()
    return release
