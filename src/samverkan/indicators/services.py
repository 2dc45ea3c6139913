"""Writes for key indicators: the catalogue and each release of values, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError
from samverkan.core.importing import ProgressCallback, no_progress
from samverkan.emissions.importers import name_key
from samverkan.places.models import Territory
from samverkan.sources.coverage import refuse_empty
from samverkan.sources.importing import ReadRelease, release_import
from samverkan.sources.services import ReleaseInfo

from . import importers
from .models import Indicator, IndicatorValue

CATALOGUE = "indicators/indicators.csv"


def catalogue_path() -> Path:
    return Path(settings.BUNDLED_DATA_DIR) / CATALOGUE


def _catalogue(path: Path | None = None) -> list[dict]:
    rows, problems = importers.parse_catalogue(path or catalogue_path())
    if problems:
        raise DataFileError(problems)
    return rows


def _seed(rows: list[dict]) -> None:
    for row in rows:
        Indicator.objects.update_or_create(
            slug=row["slug"],
            defaults={
                **{
                    c: row[c]
                    for c in importers.CATALOGUE_COLUMNS
                    if c not in ("slug", "position", "decimals", "min", "max")
                },
                "position": int(row["position"]),
                "decimals": int(row["decimals"]),
                "minimum": float(row["min"]),
                "maximum": float(row["max"]),
            },
        )


def indicators_seed(path: Path | None = None) -> int:
    """The bundled catalogue of indicators (names, units, descriptions, direction), kept as the file says on each
    start: the file is the one place to change them (the admin shows them read-only)."""
    rows = _catalogue(path)
    with transaction.atomic():
        _seed(rows)
    return len(rows)


def klimatkollen_indicators_import(
    *, path: Path, info: ReleaseInfo, partial: bool = False, progress: ProgressCallback = no_progress
) -> int:
    """Klimatkollen's key indicators per municipality (municipality-data.json) as one release of values.

    Everything is checked before anything is written; the catalogue is brought up to date in the same transaction.
    A file without every municipality, or with an indicator null everywhere, is refused unless partial; a file
    without any value always.
    """
    catalogue = _catalogue()

    def read() -> ReadRelease[list]:
        fields = {row["source_field"]: row["slug"] for row in catalogue if row["source_field"]}
        municipalities = {
            name_key(name): pk for pk, name in Territory.objects.municipalities().values_list("pk", "name")
        }
        parsed = importers.parse_klimatkollen(path, fields, municipalities, importers.plausible_ranges(catalogue))
        if not parsed.problems:
            refuse_empty(len(parsed.values), file=path.name, what=_("at least one indicator value that is not null"))

        def content():
            codes = dict(Territory.objects.municipalities().values_list("pk", "code"))
            return ((row.indicator_slug, codes[row.territory_id], row.value) for row in parsed.values)

        return ReadRelease(
            kind="key-indicators",
            content=content,
            row_count=len(parsed.values),
            data=parsed.values,
            problems=parsed.problems,
            gaps=parsed.gaps,
            details={
                "warnings": _("%(count)s values missing in the file (null or Saknas) were left out.")
                % {"count": parsed.missing}
                if parsed.missing
                else ""
            },
        )

    def write(release, values: list) -> int:
        _seed(catalogue)
        ids = dict(Indicator.objects.values_list("slug", "pk"))
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator_id=ids[row.indicator_slug],
                    territory_id=row.territory_id,
                    release=release,
                    value=row.value,
                )
                for row in values
            ],
            batch_size=1000,
        )
        progress(_("Key indicators"), len(values), len(values))
        return len(values)

    _release, written = release_import(
        info=info, files=[path, catalogue_path()], read=read, write=write, partial=partial, file_name=path.name
    )
    return written
