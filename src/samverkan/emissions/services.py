"""Writes for emissions: the sector list, and importing a release all-or-nothing."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.db import bulk_insert
from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import ProgressCallback, no_progress
from samverkan.places.models import Territory, TerritoryKind
from samverkan.sources.importing import ReadRelease, release_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo

from .importers.formats import parse
from .importers.klimatkollen import KLIMATKOLLEN_FILES
from .importers.rows import ResolvedValue, ValidatedEmissions
from .importers.validation import Catalogue, name_key, validate
from .models import EmissionValue, Sector

SECTORS_FILE = "emissions/sectors.csv"
RESIDUAL_SECTORS = {"ofordelat"}
BATCH = 20000


@dataclass(frozen=True)
class EmissionImportResult:
    release: Release
    created: int
    warnings: list


def sectors_sync(path: Path | None = None) -> int:
    """Create or update the sectors from the bundled list, writing only what changed; returns how many."""
    path = path or Path(settings.BUNDLED_DATA_DIR) / SECTORS_FILE
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = {sector.slug: sector for sector in Sector.objects.all()}
    wanted = []
    for position, row in enumerate(rows, start=1):
        wanted.append(
            (
                row["slug"],
                row["parent"] or None,
                {
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "aliases": [alias for alias in row["aliases"].split("|") if alias],
                    "position": position,
                    "covenant_sector": row["covenant_sector"],
                    "gpc_sector": row["gpc_sector"],
                },
            )
        )

    def unchanged(slug, parent, fields) -> bool:
        sector = existing.get(slug)
        if sector is None:
            return False
        parent_slug = sector.parent.slug if sector.parent_id else None
        return parent_slug == parent and all(getattr(sector, key) == value for key, value in fields.items())

    if all(unchanged(*entry) for entry in wanted):
        return len(rows)
    with transaction.atomic():
        by_slug = {}
        for slug, parent, fields in wanted:
            sector, _created = Sector.objects.update_or_create(
                slug=slug, defaults={**fields, "parent": by_slug.get(parent) if parent else None}
            )
            by_slug[slug] = sector
    return len(rows)


def _catalogue() -> Catalogue:
    territories = list(Territory.objects.select_related("parent").all())
    country = next(t for t in territories if t.kind == TerritoryKind.COUNTRY)
    counties = [t for t in territories if t.kind == TerritoryKind.COUNTY]
    municipalities = [t for t in territories if t.kind == TerritoryKind.MUNICIPALITY]
    main_sectors, subsectors, residual = {}, {}, set()
    sectors = list(Sector.objects.all())
    for sector in sectors:
        spellings = [sector.name, *sector.aliases]
        if sector.parent_id is None:
            for spelling in spellings:
                main_sectors[spelling] = sector.id
            if sector.slug in RESIDUAL_SECTORS:
                residual.add(sector.id)
        else:
            for spelling in spellings:
                subsectors[(sector.parent_id, spelling)] = sector.id
    return Catalogue(
        country_id=country.id,
        counties_by_code={t.code: t.id for t in counties},
        counties_by_name={t.name: t.id for t in counties},
        municipalities_by_code={t.code: (t.id, t.name, t.parent.name) for t in municipalities},
        municipalities_by_name={name_key(t.name): (t.id, t.code, t.parent.name) for t in municipalities},
        main_sectors=main_sectors,
        subsectors=subsectors,
        residual_sector_ids=residual,
    )


def _source_files(path: Path) -> list[Path]:
    """The files a release is read from: a Klimatkollen release is its whole folder, even if one file is named."""
    if path.is_dir():
        return [path / name for name in KLIMATKOLLEN_FILES.values()]
    if path.name in KLIMATKOLLEN_FILES.values():
        return [path.parent / name for name in KLIMATKOLLEN_FILES.values()]
    return [path]


def emissions_import(
    *,
    path: Path,
    info: ReleaseInfo,
    strict: bool = False,
    partial: bool = False,
    progress: ProgressCallback = no_progress,
) -> EmissionImportResult:
    """Import an emission file (or Klimatkollen folder) as a new release: every value, or none.

    Stated totals that differ from the sum by more than 0.5 % are warnings kept with the
    release; with strict=True they are errors and nothing is written. A file that misses a
    municipality, county, year or sector is refused unless partial; one without values always.
    """

    def read() -> ReadRelease[ValidatedEmissions]:
        progress(_("Reading %(file)s") % {"file": path.name}, 0, 1)
        parsed = parse(path)
        sectors_sync()
        catalogue = _catalogue()
        validated = validate(parsed, catalogue)
        if not validated.problems and not validated.values:
            raise DataFileError([Problem(path.name, None, None, None, "", _("at least one emission value"))])
        return ReadRelease(
            kind=f"emissions:{parsed.format}",
            content=lambda: _content(validated.values, catalogue),
            row_count=len(validated.values),
            data=validated,
            problems=validated.problems + (validated.warnings if strict else []),
            gaps=validated.gaps,
            details={
                "resolution": parsed.resolution,
                "first_year": validated.years[0] if validated.years else None,
                "last_year": validated.years[-1] if validated.years else None,
                "warnings": "\n".join(str(warning) for warning in validated.warnings),
            },
        )

    def write(release: Release, validated: ValidatedEmissions) -> ValidatedEmissions:
        total = len(validated.values)
        columns = ["release_id", "territory_id", "year", "sector_id", "subsector_id", "value"]
        for start in range(0, total, BATCH):
            chunk = validated.values[start : start + BATCH]
            bulk_insert(EmissionValue._meta.db_table, columns, ((release.id, *value) for value in chunk))
            progress(_("Emissions from %(file)s") % {"file": path.name}, start + len(chunk), total)
        return validated

    release, validated = release_import(
        info=info, files=_source_files(path), read=read, write=write, partial=partial, relaxed=True
    )
    return EmissionImportResult(release, len(validated.values), validated.warnings)


def _content(values: list[ResolvedValue], catalogue: Catalogue):
    """The values by codes and sector slugs, not database ids: what the checksum of the content hashes."""
    codes = {catalogue.country_id: "SE"}
    codes.update({tid: code for code, tid in catalogue.counties_by_code.items()})
    codes.update({tid: code for code, (tid, _name, _county) in catalogue.municipalities_by_code.items()})
    slugs = dict(Sector.objects.values_list("id", "slug"))
    for territory_id, year, sector_id, subsector_id, value in values:
        yield codes[territory_id], year, slugs.get(sector_id), slugs.get(subsector_id), float(value)
