"""Emission releases: which there are, the default one, and a release named by its identifier."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.core.text import in_language
from samverkan.sources.models import Gases, Release, Resolution


@dataclass(frozen=True)
class ReleaseSummary:
    slug: str
    label: str
    dataset: str
    dataset_en: str
    publisher: str
    published: dt.date | None
    gases: str
    gases_label: str
    unit: str
    resolution: str
    first_year: int | None
    last_year: int | None
    source_url: str
    licence: str
    warning_count: int
    is_default: bool
    partial_note: str = ""  # 'Partial release: 1 of 290 municipalities'; the label then ends with it too

    @property
    def dataset_name(self) -> str:
        return in_language(self.dataset, self.dataset_en)


def load_releases() -> list[Release]:
    """Every emission release, newest first: load once per request and pass to the functions below."""
    return _emission_releases()


def _emission_releases() -> list[Release]:
    return list(
        Release.objects.exclude(resolution="")
        .select_related("dataset")
        .order_by("-last_year", F("published_on").desc(nulls_last=True), "-imported_at")
    )


def _default(releases: list[Release]) -> Release | None:
    """The newest greenhouse-gas release with sectors: latest data year, then publication date, then import."""
    candidates = [r for r in releases if r.gases == Gases.GREENHOUSE_GASES and r.resolution != Resolution.TOTAL]
    return (candidates or releases or [None])[0]


def _summary(release: Release, default: Release | None) -> ReleaseSummary:
    return ReleaseSummary(
        release.slug,
        release.display_label,
        release.dataset.name,
        release.dataset.name_en,
        release.dataset.publisher,
        release.published_on,
        release.gases,
        release.get_gases_display(),
        release.unit,
        release.resolution,
        release.first_year,
        release.last_year,
        release.source_url,
        release.licence,
        len([line for line in release.warnings.splitlines() if line.strip()]),
        default is not None and release.pk == default.pk,
        release.partial_note,
    )


def emission_releases(releases: list[Release] | None = None) -> list[ReleaseSummary]:
    releases = _emission_releases() if releases is None else releases
    default = _default(releases)
    return [_summary(release, default) for release in releases]


def resolve_release(slug: str | None, releases: list[Release] | None = None) -> tuple[Release, ReleaseSummary]:
    """The release with this identifier, or the default one; NotFound naming the releases there are."""
    releases = _emission_releases() if releases is None else releases
    default = _default(releases)
    if not slug:
        if default is None:
            raise NotFound(_("No emission data has been loaded."))
        return default, _summary(default, default)
    for release in releases:
        if release.slug == slug:
            return release, _summary(release, default)
    raise NotFound(
        _("There is no emission release %(slug)s. Releases: %(known)s.")
        % {"slug": slug, "known": ", ".join(r.slug for r in releases)}
    )
