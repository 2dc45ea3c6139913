"""Writes for territories, organizations and population: validated, one transaction each."""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.cache import bump_generation
from samverkan.core.errors import DataFileError, Invalid, Problem
from samverkan.core.importing import ProgressCallback, no_progress
from samverkan.core.permissions import refuse
from samverkan.core.text import search_key
from samverkan.sources.coverage import refuse_empty
from samverkan.sources.importing import ReadRelease, release_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo

from .importers.population import PopulationRow, population_coverage, read_population, validate_population
from .importers.reference import ReferenceData, parse_reference, validate_reference
from .models import (
    ORGANIZATION_EDITABLE_FIELDS,
    Organization,
    OrganizationKind,
    PopulationValue,
    Territory,
    TerritoryKind,
)

COUNTRY_CODE = "SE"


@dataclass(frozen=True)
class ImportResult:
    release: Release
    created: int


def county_name_en(name: str) -> str:
    """Statistics Sweden's English county names: 'Stockholms län' -> 'Stockholm County'."""
    base = name.removesuffix(" län")
    if base.endswith("s"):
        base = base[:-1]
    return f"{base} County"


# Official names that the genitive rule gets wrong (checked against the 290 names in the climate-plan survey).
OFFICIAL_NAMES = {"Falun": "Falu kommun", "Kalmar": "Kalmar kommun", "Orust": "Orust kommun"}


def municipality_organization_name(name: str) -> str:
    """'Jönköping' -> 'Jönköpings kommun', 'Ale' -> 'Ale kommun' (Swedish genitive), 'Falun' -> 'Falu kommun'."""
    if name in OFFICIAL_NAMES:
        return OFFICIAL_NAMES[name]
    if name[-1].lower() in "aeiouyåäösxz":
        return f"{name} kommun"
    return f"{name}s kommun"


def territories_import(
    *,
    code_list: Path,
    municipality_list: Path,
    county_list: Path,
    region_list: Path,
    info: ReleaseInfo,
    progress: ProgressCallback = no_progress,
) -> ImportResult:
    """Create or update the country, counties, municipalities and their organizations."""

    def read() -> ReadRelease[ReferenceData]:
        progress(_("Reading the municipality and county lists"), 0, 4)
        data = parse_reference(code_list, municipality_list, county_list, region_list)
        return ReadRelease(
            kind="territories",
            content=lambda: [*data.codes, *data.municipalities, *data.counties, *data.regions],
            row_count=1 + len({row.code[:2] for row in data.municipalities}) + len(data.municipalities),
            data=data,
            problems=validate_reference(data),
        )

    def write(release: Release, data: ReferenceData) -> int:
        progress(_("Reading the municipality and county lists"), 4, 4)
        official = {row.code: row.name for row in data.codes}
        coat_by_county = {row.name: row.coat_of_arms_url for row in data.counties}
        county_codes = sorted({row.code[:2] for row in data.municipalities})
        total = 1 + len(county_codes) + len(data.municipalities)
        country = _territory_upsert(TerritoryKind.COUNTRY, COUNTRY_CODE, "Sverige", "Sweden", None, "")
        counties = {
            code: _territory_upsert(
                TerritoryKind.COUNTY,
                code,
                official[code],
                county_name_en(official[code]),
                country,
                coat_by_county.get(official[code], ""),
            )
            for code in county_codes
        }
        progress(_("Counties"), 1 + len(counties), total)
        municipalities = _municipalities_upsert(data.municipalities, counties)
        progress(_("Municipalities"), total, total)
        _organizations_upsert(municipalities, counties, data.regions)
        return total

    paths = [code_list, municipality_list, county_list, region_list]
    return ImportResult(*release_import(info=info, files=paths, read=read, write=write))


def _territory_upsert(kind, code, name, name_en, parent, coat) -> Territory:
    territory, _created = Territory.objects.update_or_create(
        code=code,
        defaults={"kind": kind, "name": name, "name_en": name_en, "parent": parent, "coat_of_arms_url": coat},
    )
    return territory


def _municipalities_upsert(rows, counties) -> dict[str, Territory]:
    existing = {t.code: t for t in Territory.objects.municipalities()}
    to_create, to_update = [], []
    for row in rows:
        fields = {
            "name": row.name,
            "name_en": "",
            "parent": counties[row.code[:2]],
            "coat_of_arms_url": row.coat_of_arms_url,
            "search_name": search_key(row.name),
        }
        if row.code in existing:
            territory = existing[row.code]
            for key, value in fields.items():
                setattr(territory, key, value)
            to_update.append(territory)
        else:
            to_create.append(Territory(kind=TerritoryKind.MUNICIPALITY, code=row.code, **fields))
    Territory.objects.bulk_create(to_create, batch_size=500)
    Territory.objects.bulk_update(
        to_update, ["name", "name_en", "parent", "coat_of_arms_url", "search_name"], batch_size=500
    )
    return {t.code: t for t in Territory.objects.municipalities()}


def _organizations_upsert(municipalities, counties, regions) -> None:
    """Every municipality gets its organization and every county its region."""
    existing = {
        (o.kind, o.territory_id): o
        for o in Organization.objects.filter(kind__in=[OrganizationKind.MUNICIPALITY, OrganizationKind.REGION])
    }
    region_by_county = {row.county_code: row for row in regions}
    new = []
    for territory in municipalities.values():
        if (OrganizationKind.MUNICIPALITY, territory.pk) not in existing:
            region = region_by_county.get(territory.code[:2])
            acts_as_region = region is not None and region.municipality_code == territory.code
            name = region.name if acts_as_region else municipality_organization_name(territory.name)
            new.append(Organization(name=name, kind=OrganizationKind.MUNICIPALITY, territory=territory))
    for code, county in counties.items():
        region = region_by_county.get(code)
        if region and not region.municipality_code and (OrganizationKind.REGION, county.pk) not in existing:
            new.append(Organization(name=region.name, kind=OrganizationKind.REGION, territory=county))
    Organization.objects.bulk_create(new, batch_size=500)

    by_territory = {
        (o.kind, o.territory_id): o
        for o in Organization.objects.filter(kind__in=[OrganizationKind.MUNICIPALITY, OrganizationKind.REGION])
    }
    governed = []
    for territory in municipalities.values():
        territory.authority = by_territory.get((OrganizationKind.MUNICIPALITY, territory.pk))
        governed.append(territory)
    for code, county in counties.items():
        region = region_by_county.get(code)
        if region and region.municipality_code:
            county.authority = by_territory.get(
                (OrganizationKind.MUNICIPALITY, municipalities[region.municipality_code].pk)
            )
        else:
            county.authority = by_territory.get((OrganizationKind.REGION, county.pk))
        governed.append(county)
    Territory.objects.bulk_update(governed, ["authority"], batch_size=500)


def population_import(
    *, path: Path, info: ReleaseInfo, partial: bool = False, progress: ProgressCallback = no_progress
) -> ImportResult:
    """Import one SCB population file as a new release: all values or none.

    A file without every municipality is refused unless partial; one without any value always.
    """

    def read() -> ReadRelease[tuple[list[PopulationRow], dict[str, str]]]:
        progress(_("Reading %(file)s") % {"file": path.name}, 0, 1)
        rows, problems = read_population(path)
        code_by_name = dict(Territory.objects.municipalities().values_list("name", "code"))
        if not code_by_name:
            raise DataFileError(
                [Problem(path.name, None, None, None, "", _("the municipalities loaded first (samverkan setup)"))]
            )
        problems += validate_population(rows, code_by_name)
        if not problems:
            refuse_empty(len(rows), file=path.name, what=_("a row of population figures for each municipality"))
        return ReadRelease(
            kind="population",
            content=lambda: ((row.code or code_by_name[row.name], row.year, row.value) for row in rows),
            row_count=len(rows),
            data=(rows, code_by_name),
            problems=problems,
            gaps=population_coverage(rows, code_by_name, path.name),
        )

    def write(release: Release, data: tuple[list[PopulationRow], dict[str, str]]) -> int:
        rows, code_by_name = data
        id_by_code = dict(Territory.objects.municipalities().values_list("code", "id"))
        total = len(rows)
        batch = []
        for index, row in enumerate(rows, start=1):
            batch.append(
                PopulationValue(
                    territory_id=id_by_code[row.code or code_by_name[row.name]],
                    release=release,
                    year=row.year,
                    value=row.value,
                )
            )
            if len(batch) == 2000 or index == total:
                PopulationValue.objects.bulk_create(batch)
                batch = []
                progress(_("Population from %(file)s") % {"file": path.name}, index, total)
        return total

    return ImportResult(*release_import(info=info, files=[path], read=read, write=write, partial=partial, relaxed=True))


def organization_update(*, by, organization, fields: dict):
    """Change an organization's name, website or description; the history keeps the values before and after."""
    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, gettext_noop("edit %(place)s"), place=organization)
    unknown = set(fields) - set(ORGANIZATION_EDITABLE_FIELDS)
    if unknown:
        raise Invalid(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        for name, value in fields.items():
            setattr(organization, name, value)
        try:
            organization.full_clean()
        except ValidationError as error:
            raise Invalid("; ".join(error.messages)) from error
        organization._history_user = by
        organization.save()
        bump_generation()
    return organization
