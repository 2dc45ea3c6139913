"""API for emissions: the same query functions as the pages and downloads."""

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from samverkan.api.places import CountyCode, MunicipalityCode
from samverkan.core.errors import NotFound
from samverkan.emissions import queries

router = Router(tags=["emissions"])


class ReleaseOut(Schema):
    slug: str
    name: str
    dataset: str
    publisher: str
    published: dt.date | None
    gases: str = Field(description="ghg: all greenhouse gases as CO2e; co2: carbon dioxide only")
    unit: str
    resolution: str = Field(description="total, sector or subsector")
    first_year: int | None
    last_year: int | None
    source_url: str
    default: bool
    partial: bool = Field(description="Imported with --partial: the release covers only part of its kind")
    partial_note: str = Field(
        description="What a partial release covers, e.g. 'Partial release: 1 of 290 municipalities'"
    )


class ReleaseListOut(Schema):
    count: int
    items: list[ReleaseOut]


class SectorValuesOut(Schema):
    slug: str
    name: str
    name_en: str
    values: dict[str, float]


class EmissionsOut(Schema):
    territory: dict[str, str]
    release: ReleaseOut
    unit: str
    total: dict[str, float] = Field(description="Sum of the main sectors per year")
    sectors: list[SectorValuesOut]
    unallocated: dict[str, float] = Field(description="National emissions not allocated to any municipality")
    per_capita: dict[str, float | None]
    population: dict[str, int]
    population_estimated_years: list[int]
    change_since_1990_percent: float | None
    change_since_2015_percent: float | None


class RankingRowOut(Schema):
    code: str
    name: str
    county_code: str
    total: float | None
    per_capita: float | None
    change_since_1990_percent: float | None
    change_since_2015_percent: float | None
    sector_values: dict[str, float]
    sector_shares_percent: dict[str, float]


class RankingOut(Schema):
    release: ReleaseOut
    year: int
    unit: str
    count: int
    items: list[RankingRowOut]


def release_out(summary: queries.ReleaseSummary) -> dict:
    return {
        "slug": summary.slug,
        "name": summary.label,
        "dataset": summary.dataset,
        "publisher": summary.publisher,
        "published": summary.published,
        "gases": summary.gases,
        "unit": summary.unit,
        "resolution": summary.resolution,
        "first_year": summary.first_year,
        "last_year": summary.last_year,
        "source_url": summary.source_url,
        "default": summary.is_default,
        "partial": bool(summary.partial_note),
        "partial_note": summary.partial_note,
    }


def inventory_out(inventory: queries.Inventory) -> dict:
    def by_year(values: dict) -> dict[str, float]:
        return {str(year): value for year, value in sorted(values.items())}

    return {
        "territory": {
            "code": inventory.territory_code,
            "name": inventory.territory_name,
            "kind": inventory.territory_kind,
        },
        "release": release_out(inventory.release),
        "unit": inventory.release.unit,
        "total": by_year(inventory.total),
        "sectors": [
            {"slug": s.slug, "name": s.name, "name_en": s.name_en, "values": by_year(s.values)}
            for s in inventory.sectors
        ],
        "unallocated": by_year(inventory.residual),
        "per_capita": by_year(inventory.per_capita),
        "population": by_year(inventory.population),
        "population_estimated_years": sorted(inventory.population_estimated),
        "change_since_1990_percent": inventory.change_since_1990,
        "change_since_2015_percent": inventory.change_since_2015,
    }


ReleaseSlug = Annotated[str | None, Query(description="Release identifier; the newest greenhouse-gas release if empty")]


@router.get("/emission-releases", response=ReleaseListOut, summary="Emission releases")
def list_releases(request):
    items = [release_out(summary) for summary in queries.emission_releases()]
    return {"count": len(items), "items": items}


@router.get(
    "/municipalities/{code}/emissions",
    response=EmissionsOut,
    summary="A municipality's emissions by sector",
)
def municipality_emissions(request, code: MunicipalityCode, release: ReleaseSlug = None):
    territory = queries.territory_for(code)
    return inventory_out(queries.inventory(territory, release))


@router.get("/counties/{code}/emissions", response=EmissionsOut, summary="A county's emissions by sector")
def county_emissions(request, code: CountyCode, release: ReleaseSlug = None):
    territory = queries.territory_for(code)
    return inventory_out(queries.inventory(territory, release))


@router.get("/sweden/emissions", response=EmissionsOut, summary="Sweden's emissions by sector")
def national_emissions(request, release: ReleaseSlug = None):
    return inventory_out(queries.inventory(queries.territory_for("SE"), release))


class RankingFilter(Schema):
    release: str | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    county: str | None = Field(None, pattern=r"^[0-9]{2}$")
    sector: str | None = Field(None, max_length=60, description="Sort by this sector's share, e.g. transporter")
    per_capita: bool = Field(False, description="Sort by emissions per inhabitant")
    order: Literal["asc", "desc"] = "desc"


@router.get("/emissions/ranking", response=RankingOut, summary="All municipalities ranked")
def emissions_ranking(request, filters: Query[RankingFilter]):
    ranking = queries.ranking(release_slug=filters.release, year=filters.year, county=filters.county)
    if filters.sector and filters.sector not in {s.slug for s in ranking.sectors}:
        raise NotFound(
            _("There is no sector %(sector)s. Sectors: %(known)s.")
            % {"sector": repr(filters.sector), "known": ", ".join(s.slug for s in ranking.sectors)}
        )
    key = f"share:{filters.sector}" if filters.sector else ("per_capita" if filters.per_capita else "total")
    rows = queries.sort_ranking(ranking.rows, key, filters.order == "desc")
    return {
        "release": release_out(ranking.release),
        "year": ranking.year,
        "unit": ranking.release.unit,
        "count": len(rows),
        "items": [
            {
                "code": r.code,
                "name": r.name,
                "county_code": r.county_code,
                "total": r.total,
                "per_capita": r.per_capita,
                "change_since_1990_percent": r.change_since_1990,
                "change_since_2015_percent": r.change_since_2015,
                "sector_values": r.sector_values,
                "sector_shares_percent": r.sector_shares,
            }
            for r in rows
        ],
    }
