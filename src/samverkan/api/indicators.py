"""API for key indicators: the same query functions as the pages."""

from ninja import Field, ModelSchema, Router, Schema
from ninja.pagination import paginate

from samverkan.api.pagination import LimitOffset
from samverkan.api.schemas import Flat, MunicipalityCode
from samverkan.core.validation import Slug
from samverkan.indicators import queries
from samverkan.indicators.models import Direction, Indicator

router = Router(tags=["indicators"])


class IndicatorOut(ModelSchema):
    direction: Direction = Field(description="higher or lower: which way is better")

    class Meta:
        model = Indicator
        fields = ["slug", "name", "name_en", "unit", "unit_en", "description", "description_en", "kolada_id"]


class IndicatorSummaryOut(IndicatorOut):
    """Read from `indicators.queries.IndicatorSummary` and its indicator."""

    release: str | None = Field(description="The newest release with values")
    municipalities: int = Field(alias="count", description="Municipalities with a value in that release")
    median: float | None

    @staticmethod
    def resolve_release(summary) -> str | None:
        return summary.release.slug if summary.release else None


class ReleaseRef(Schema):
    slug: str
    label: str = Field(alias="display_label", description="A partial release's label ends with what it covers")
    partial: bool = Field(description="Imported with --partial: the release covers only part of its kind")


class MunicipalityValuesOut(Schema):
    code: str
    name: str
    county: str
    values: list[float | None] = Field(description="One per release, in the order of `releases`")
    rank: int | None = Field(description="Place in the newest release, 1 the best; equal values share a place")


class IndicatorTableOut(Schema):
    indicator: IndicatorOut
    releases: list[ReleaseRef]
    medians: list[float | None]
    municipalities: list[MunicipalityValuesOut] = Field(alias="rows")


class ValueOut(Schema):
    """Read from a (release, value) pair."""

    release: str
    release_label: str
    value: float

    @staticmethod
    def resolve_release(pair) -> str:
        return pair[0].slug

    @staticmethod
    def resolve_release_label(pair) -> str:
        return pair[0].display_label

    @staticmethod
    def resolve_value(pair) -> float:
        return pair[1]


class TerritoryValueOut(Schema):
    indicator: IndicatorOut
    values: list[ValueOut] = Field(description="Oldest release first")
    rank: int | None
    of: int = Field(description="Municipalities with a value in the newest release")
    median: float | None


class MunicipalityIndicatorsOut(Schema):
    code: str
    name: str
    indicators: list[TerritoryValueOut]


@router.get("/indicators", response=list[IndicatorSummaryOut], summary="The key indicators")
@paginate(LimitOffset)
def list_indicators(request):
    return [Flat(summary, summary.indicator) for summary in queries.indicator_list()]


@router.get(
    "/indicators/{slug}",
    response=IndicatorTableOut,
    summary="A key indicator's values for every municipality, in each release",
)
def get_indicator(request, slug: Slug):
    return queries.indicator_table(slug)


@router.get(
    "/municipalities/{code}/indicators",
    response=MunicipalityIndicatorsOut,
    summary="A municipality's key indicators, with its place among all municipalities",
)
def municipality_indicators(request, code: MunicipalityCode):
    territory, entries = queries.municipality_values(code)
    return {"code": territory.code, "name": territory.name, "indicators": entries}
