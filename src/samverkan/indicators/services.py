"""Writes for key indicators: the catalogue and each release of values, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError
from samverkan.core.importing import ProgressCallback, files_sha256, no_progress
from samverkan.emissions.importers import name_key
from samverkan.places.models import Territory, TerritoryKind
from samverkan.sources.services import ReleaseInfo, release_create, release_guard

from . import importers
from .models import Indicator, IndicatorValue

CATALOGUE = "indicators/indicators.csv"


def catalogue_path() -> Path:
    return Path(settings.BUNDLED_DATA_DIR) / CATALOGUE


def indicators_seed(path: Path | None = None) -> int:
    """The bundled catalogue of indicators: names, units, descriptions and direction; kept current on each start."""
    path = path or catalogue_path()
    rows, problems = importers.parse_catalogue(path)
    if problems:
        raise DataFileError(problems)
    with transaction.atomic():
        for row in rows:
            Indicator.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    **{c: row[c] for c in importers.CATALOGUE_COLUMNS if c not in ("slug", "position", "decimals")},
                    "position": int(row["position"]),
                    "decimals": int(row["decimals"]),
                },
            )
    return len(rows)


def klimatkollen_indicators_import(*, path: Path, info: ReleaseInfo, progress: ProgressCallback = no_progress) -> int:
    """Klimatkollen's key indicators per municipality (municipality-data.json) as one release of values."""
    indicators_seed()
    fields = dict(Indicator.objects.exclude(source_field="").values_list("source_field", "slug"))
    municipalities = {
        name_key(name): pk
        for pk, name in Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY).values_list("pk", "name")
    }
    parsed = importers.parse_klimatkollen(path, fields, municipalities)
    if parsed.problems:
        raise DataFileError(parsed.problems)
    checksum = files_sha256([path, catalogue_path()])
    release_guard(slug=info.slug, checksum=checksum)
    ids = dict(Indicator.objects.values_list("slug", "pk"))
    with transaction.atomic():
        release = release_create(
            info=info,
            file_name=path.name,
            checksum=checksum,
            row_count=len(parsed.values),
            warnings=_("%(count)s values missing in the file (null or Saknas) were left out.")
            % {"count": parsed.missing}
            if parsed.missing
            else "",
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator_id=ids[row.indicator_slug],
                    territory_id=row.territory_id,
                    release=release,
                    value=row.value,
                )
                for row in parsed.values
            ],
            batch_size=1000,
        )
        progress(_("Key indicators"), len(parsed.values), len(parsed.values))
    return len(parsed.values)
