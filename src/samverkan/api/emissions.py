"""API for emissions: the same query functions as the pages and downloads."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samverkan.api.pagination import LimitOffset, Page
from samverkan.api.schemas import ByYear, ByYearOrNone, CountyCode, IntByYear, MunicipalityCode, ReleaseOut
from samverkan.core.errors import NotFound
from samverkan.emissions import queries
from samverkan.places.models import TerritoryKind

router = Router(tags=["emissions"])


class SectorValuesOut(Schema):
    slug: str
    name: str
    name_en: str
    values: ByYear


class TerritoryRefOut(Schema):
    code: str = Field(alias="territory_code")
    name: str = Field(alias="territory_name")
    kind: TerritoryKind = Field(alias="territory_kind")


class EmissionsOut(Schema):
    """Read from `emissions.queries.Inventory`."""

    territory: TerritoryRefOut
    release: ReleaseOut
    unit: str = Field(alias="release.unit")
    total: ByYear = Field(description="Sum of the main sectors per year")
    sectors: list[SectorValuesOut]
    unallocated: ByYear = Field(alias="residual", description="National emissions not allocated to any municipality")
    per_capita: ByYearOrNone
    population: IntByYear
    population_estimated_years: list[int] = Field(alias="population_estimated")
    change_since_1990_percent: float | None = Field(alias="change_since_1990")
    change_since_2015_percent: float | None = Field(alias="change_since_2015")

    @staticmethod
    def resolve_territory(inventory):
        return inventory  # TerritoryRefOut reads its territory_* fields

    @staticmethod
    def resolve_population_estimated(inventory) -> list[int]:
        return sorted(inventory.population_estimated)


class RankingRowOut(Schema):
    """Read from `emissions.queries.RankingRow`."""

    code: str
    name: str
    county_code: str
    total: float | None
    per_capita: float | None
    change_since_1990_percent: float | None = Field(alias="change_since_1990")
    change_since_2015_percent: float | None = Field(alias="change_since_2015")
    sector_values: dict[str, float]
    sector_shares_percent: dict[str, float] = Field(alias="sector_shares")


class RankingAbout(Schema):
    release: ReleaseOut
    year: int
    unit: str


ReleaseSlug = Annotated[str | None, Query(description="Release identifier; the newest greenhouse-gas release if empty")]


@router.get("/emission-releases", response=list[ReleaseOut], summary="Emission releases")
@paginate(LimitOffset)
def list_releases(request):
    return queries.emission_releases()


@router.get(
    "/municipalities/{code}/emissions",
    response=EmissionsOut,
    summary="A municipality's emissions by sector",
)
def municipality_emissions(request, code: MunicipalityCode, release: ReleaseSlug = None):
    return queries.inventory(queries.territory_for(code), release)


@router.get("/counties/{code}/emissions", response=EmissionsOut, summary="A county's emissions by sector")
def county_emissions(request, code: CountyCode, release: ReleaseSlug = None):
    return queries.inventory(queries.territory_for(code), release)


@router.get("/sweden/emissions", response=EmissionsOut, summary="Sweden's emissions by sector")
def national_emissions(request, release: ReleaseSlug = None):
    return queries.inventory(queries.territory_for("SE"), release)


class RankingFilter(Schema):
    release: str | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    county: str | None = Field(None, pattern=r"^[0-9]{2}$")
    sector: str | None = Field(None, max_length=60, description="Sort by this sector's share, e.g. transporter")
    per_capita: bool = Field(False, description="Sort by emissions per inhabitant")
    order: Literal["asc", "desc"] = "desc"


@router.get("/emissions/ranking", response=list[RankingRowOut], summary="All municipalities ranked")
@paginate(LimitOffset, about=RankingAbout)
def emissions_ranking(request, filters: Query[RankingFilter]):
    ranking = queries.ranking(release_slug=filters.release, year=filters.year, county=filters.county)
    if filters.sector and filters.sector not in {s.slug for s in ranking.sectors}:
        raise NotFound(
            _("There is no sector %(sector)s. Sectors: %(known)s.")
            % {"sector": repr(filters.sector), "known": ", ".join(s.slug for s in ranking.sectors)}
        )
    key = f"share:{filters.sector}" if filters.sector else ("per_capita" if filters.per_capita else "total")
    rows = queries.sort_ranking(ranking.rows, key, filters.order == "desc")
    return Page(rows, release=ranking.release, year=ranking.year, unit=ranking.release.unit)
