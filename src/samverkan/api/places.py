"""API for municipalities and counties: the same query functions as the pages."""

from typing import Annotated

from ninja import Field, Path, Query, Router, Schema

from samverkan.places import queries

router = Router(tags=["places"])

MunicipalityCode = Annotated[str, Path(pattern=r"^[0-9]{4}$", description="Kommunkod: four digits, e.g. 0680")]
CountyCode = Annotated[str, Path(pattern=r"^[0-9]{2}$", description="Länskod: two digits, e.g. 06")]


class PopulationOut(Schema):
    year: int
    value: int = Field(description="Inhabitants on 31 December")


class SourceOut(Schema):
    publisher: str
    dataset: str
    dataset_en: str
    release: str
    url: str


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str


class MunicipalityOut(Schema):
    code: str
    name: str
    county_code: str
    county_name: str
    population: int | None = Field(description="Latest known population")
    population_year: int | None


class MunicipalityListOut(Schema):
    count: int
    items: list[MunicipalityOut]


class CountyRefOut(Schema):
    code: str
    name: str
    name_en: str


class MunicipalityDetailOut(Schema):
    code: str
    name: str
    county: CountyRefOut
    organization: OrganizationOut | None
    population: list[PopulationOut]
    sources: list[SourceOut]


class CountyOut(Schema):
    code: str
    name: str
    name_en: str
    municipality_count: int
    population: int | None
    population_year: int | None


class CountyListOut(Schema):
    count: int
    items: list[CountyOut]


class CountyDetailOut(Schema):
    code: str
    name: str
    name_en: str
    organization: OrganizationOut | None
    municipalities: list[MunicipalityOut]
    population: list[PopulationOut] = Field(description="Sum of the municipalities' population per year")
    sources: list[SourceOut]


class MunicipalityFilter(Schema):
    q: str = Field("", max_length=100, description="Text in the name, or the start of the code")
    county: str | None = Field(None, pattern=r"^[0-9]{2}$", description="Länskod")
    limit: int = Field(100, ge=1, le=10000, description="At most this many items; 1000 or more returns all")
    offset: int = Field(0, ge=0)


@router.get("/municipalities", response=MunicipalityListOut, summary="List municipalities")
def list_municipalities(request, filters: Query[MunicipalityFilter]):
    count, items = queries.municipality_list(
        q=filters.q, county=filters.county, limit=filters.limit, offset=filters.offset
    )
    return {"count": count, "items": items}


@router.get("/municipalities/{code}", response=MunicipalityDetailOut, summary="One municipality")
def get_municipality(request, code: MunicipalityCode):
    detail = queries.municipality_detail(code)
    return {
        "code": detail.code,
        "name": detail.name,
        "county": {"code": detail.county_code, "name": detail.county_name, "name_en": detail.county_name_en},
        "organization": detail.organization,
        "population": detail.population,
        "sources": detail.sources,
    }


@router.get("/counties", response=CountyListOut, summary="List counties")
def list_counties(request):
    items = queries.county_list()
    return {"count": len(items), "items": items}


@router.get("/counties/{code}", response=CountyDetailOut, summary="One county")
def get_county(request, code: CountyCode):
    return queries.county_detail(code)
