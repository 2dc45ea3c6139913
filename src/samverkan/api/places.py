"""API for municipalities and counties: the same query functions as the pages."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samverkan.api.pagination import LimitOffset, Window
from samverkan.api.schemas import CountyCode, MunicipalityCode
from samverkan.places import queries
from samverkan.places.models import OrganizationKind

router = Router(tags=["places"])


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
    kind: OrganizationKind


class MunicipalityOut(Schema):
    code: str
    name: str
    county_code: str
    county_name: str
    population: int | None = Field(description="Latest known population")
    population_year: int | None


class CountyRefOut(Schema):
    code: str = Field(alias="county_code")
    name: str = Field(alias="county_name")
    name_en: str = Field(alias="county_name_en")


class MunicipalityDetailOut(Schema):
    """Read from `places.queries.MunicipalityDetail`, whose county is three fields of its own."""

    code: str
    name: str
    county: CountyRefOut
    organization: OrganizationOut | None
    population: list[PopulationOut]
    sources: list[SourceOut]

    @staticmethod
    def resolve_county(detail):
        return detail  # CountyRefOut reads its county_* fields


class CountyOut(Schema):
    code: str
    name: str
    name_en: str
    municipality_count: int
    population: int | None
    population_year: int | None


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


@router.get("/municipalities", response=list[MunicipalityOut], summary="List municipalities")
@paginate(LimitOffset)
def list_municipalities(request, filters: Query[MunicipalityFilter]):
    return Window(
        lambda *, offset, limit: queries.municipality_list(
            q=filters.q, county=filters.county, limit=limit, offset=offset
        )
    )


@router.get("/municipalities/{code}", response=MunicipalityDetailOut, summary="One municipality")
def get_municipality(request, code: MunicipalityCode):
    return queries.municipality_detail(code)


@router.get("/counties", response=list[CountyOut], summary="List counties")
@paginate(LimitOffset)
def list_counties(request):
    return queries.county_list()


@router.get("/counties/{code}", response=CountyDetailOut, summary="One county")
def get_county(request, code: CountyCode):
    return queries.county_detail(code)
