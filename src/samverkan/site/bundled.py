"""Load the real data bundled with the package (data/bundled.toml), each release once."""

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from samverkan.actions.services import climate_plans_import, data_brief_import
from samverkan.core.errors import DataFileError
from samverkan.core.importing import ProgressCallback, no_progress
from samverkan.core.seeding import fill_blanks
from samverkan.emissions.services import emissions_import
from samverkan.indicators.services import indicators_seed, klimatkollen_indicators_import
from samverkan.networks.importers import parse as covenant_parse
from samverkan.networks.importers import read_aliases
from samverkan.networks.services import covenant_import, networks_seed
from samverkan.places.models import Territory
from samverkan.places.services import population_import, territories_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo
from samverkan.targets.services import targets_seed


@dataclass(frozen=True)
class BundledRelease:
    kind: str
    info: ReleaseInfo
    files: list[Path]
    partial: bool = False  # a bundled file known to cover only part of its kind; bundled.toml says why


def bundled_releases(manifest: Path | None = None) -> list[BundledRelease]:
    manifest = manifest or settings.BUNDLED_DATA_DIR / "bundled.toml"
    data_dir = manifest.parent
    entries = tomllib.loads(manifest.read_text(encoding="utf-8"))["release"]
    result = []
    for entry in entries:
        info = ReleaseInfo(
            dataset=entry["dataset"],
            dataset_name=entry["dataset_name"],
            dataset_name_en=entry.get("dataset_name_en", ""),
            publisher=entry["publisher"],
            slug=entry["slug"],
            label=entry["label"],
            label_en=entry.get("label_en", ""),
            published_on=entry.get("published_on"),
            source_url=entry.get("source_url", ""),
            licence=entry.get("licence", ""),
            unit=entry.get("unit", ""),
            gases=entry.get("gases", ""),
        )
        files = [data_dir / name for name in entry["files"]]
        result.append(BundledRelease(entry["kind"], info, files, bool(entry.get("partial", False))))
    return result


def _import_territories(release: BundledRelease, progress: ProgressCallback):
    code_list, municipality_list, county_list, region_list = release.files
    return territories_import(
        code_list=code_list,
        municipality_list=municipality_list,
        county_list=county_list,
        region_list=region_list,
        info=release.info,
        progress=progress,
    )


def _import_population(release: BundledRelease, progress: ProgressCallback):
    return population_import(path=release.files[0], info=release.info, partial=release.partial, progress=progress)


def _import_emissions(release: BundledRelease, progress: ProgressCallback):
    return emissions_import(path=release.files[0], info=release.info, partial=release.partial, progress=progress)


def _import_covenant(release: BundledRelease, progress: ProgressCallback):
    return covenant_import(
        path=release.files[0],
        aliases_path=release.files[1],
        info=release.info,
        partial=release.partial,
        progress=progress,
    )


def _import_climate_plans(release: BundledRelease, progress: ProgressCallback):
    return climate_plans_import(path=release.files[0], info=release.info, partial=release.partial, progress=progress)


def covenant_organizations(listed: Path, aliases: Path) -> dict[str, int]:
    """The organization in Samverkan of each Swedish signatory of the GCoM list by its id there.

    Found as the Covenant import finds them (names, then the alias table): a municipality's organization.
    """
    municipalities = Territory.objects.municipalities()
    parsed = covenant_parse(
        listed, aliases=read_aliases(aliases), municipalities=dict(municipalities.values_list("code", "name"))
    )
    if parsed.problems:
        raise DataFileError(parsed.problems)
    authorities = dict(municipalities.exclude(authority=None).values_list("code", "authority_id"))
    return {
        s.source_id: authorities[s.municipality_code] for s in parsed.signatories if s.municipality_code in authorities
    }


def _import_data_brief(release: BundledRelease, progress: ProgressCallback):
    actions, signatories, listed, aliases = release.files
    return data_brief_import(
        actions_path=actions,
        signatories_path=signatories,
        listed_path=listed,
        swedish=covenant_organizations(listed, aliases),
        info=release.info,
        progress=progress,
    )


def _import_key_indicators(release: BundledRelease, progress: ProgressCallback):
    return klimatkollen_indicators_import(
        path=release.files[0], info=release.info, partial=release.partial, progress=progress
    )


IMPORTERS: dict[str, Callable] = {
    "key-indicators": _import_key_indicators,
    "climate-plans": _import_climate_plans,
    "covenant-actions": _import_data_brief,
    "covenant": _import_covenant,
    "emissions": _import_emissions,
    "territories": _import_territories,
    "population": _import_population,
}


def pending_releases(manifest: Path | None = None) -> list[BundledRelease]:
    """The bundled releases not yet in the database (by identifier)."""
    present = set(Release.objects.values_list("slug", flat=True))
    return [release for release in bundled_releases(manifest) if release.info.slug not in present]


def load_bundled(
    progress_for: Callable[[BundledRelease], ProgressCallback] | None = None, manifest: Path | None = None
) -> list[str]:
    """Import every pending bundled release in order, then the bundled targets; returns the slugs imported."""

    loaded = []
    for release in pending_releases(manifest):
        progress = progress_for(release) if progress_for else no_progress
        IMPORTERS[release.kind](release, progress)
        loaded.append(release.info.slug)
    _fill_english(manifest)
    targets_seed()
    networks_seed()
    indicators_seed()
    return loaded


def _fill_english(manifest: Path | None) -> None:
    """Releases imported by an earlier version get the English labels the manifest gained since; none overwritten."""
    releases = {release.info.slug: release.info for release in bundled_releases(manifest)}
    for release in Release.objects.filter(slug__in=releases).select_related("dataset"):
        info = releases[release.slug]
        fill_blanks(release, {"label_en": info.label_en})
        fill_blanks(release.dataset, {"name_en": info.dataset_name_en})
