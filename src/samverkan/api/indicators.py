"""API for key indicators: the same query functions as the pages."""

from ninja import Field, Router, Schema

from samverkan.api.places import MunicipalityCode
from samverkan.core.validation import Slug
from samverkan.indicators import queries

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    slug: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    description: str
    description_en: str
    direction: str = Field(description="higher or lower: which way is better")
    kolada_id: str


class IndicatorSummaryOut(IndicatorOut):
    release: str | None = Field(description="The newest release with values")
    municipalities: int = Field(description="Municipalities with a value in that release")
    median: float | None


class ReleaseRef(Schema):
    slug: str
    label: str = Field(description="A partial release's label ends with what it covers")
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
    municipalities: list[MunicipalityValuesOut]


class ValueOut(Schema):
    release: str
    release_label: str
    value: float


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


def _indicator(indicator) -> dict:
    return {name: getattr(indicator, name) for name in IndicatorOut.model_fields}


@router.get("/indicators", response=list[IndicatorSummaryOut], summary="The key indicators")
def list_indicators(request):
    return [
        {
            **_indicator(s.indicator),
            "release": s.release.slug if s.release else None,
            "municipalities": s.count,
            "median": s.median,
        }
        for s in queries.indicator_list()
    ]


@router.get(
    "/indicators/{slug}",
    response=IndicatorTableOut,
    summary="A key indicator's values for every municipality, in each release",
)
def get_indicator(request, slug: Slug):
    table = queries.indicator_table(slug)
    return {
        "indicator": _indicator(table.indicator),
        "releases": [{"slug": r.slug, "label": r.display_label, "partial": r.partial} for r in table.releases],
        "medians": table.medians,
        "municipalities": [
            {"code": r.code, "name": r.name, "county": r.county, "values": r.values, "rank": r.rank} for r in table.rows
        ],
    }


@router.get(
    "/municipalities/{code}/indicators",
    response=MunicipalityIndicatorsOut,
    summary="A municipality's key indicators, with its place among all municipalities",
)
def municipality_indicators(request, code: MunicipalityCode):
    territory, entries = queries.municipality_values(code)
    return {
        "code": territory.code,
        "name": territory.name,
        "indicators": [
            {
                "indicator": _indicator(e.indicator),
                "values": [{"release": r.slug, "release_label": r.display_label, "value": v} for r, v in e.values],
                "rank": e.rank,
                "of": e.of,
                "median": e.median,
            }
            for e in entries
        ],
    }
