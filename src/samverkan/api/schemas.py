"""Schemas several routers share: the error shape, path codes, an emission release, figures by year."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import BeforeValidator

from samverkan.sources.models import Gases, Resolution

MunicipalityCode = Annotated[str, Path(pattern=r"^[0-9]{4}$", description="Kommunkod: four digits, e.g. 0680")]
CountyCode = Annotated[str, Path(pattern=r"^[0-9]{2}$", description="Länskod: two digits, e.g. 06")]


def _by_year(values: dict) -> dict[str, object]:
    """{2024: 1.5, 1990: 2.0} as {"1990": 2.0, "2024": 1.5}: years as keys, oldest first."""
    return {str(year): value for year, value in sorted(values.items())}


ByYear = Annotated[dict[str, float], BeforeValidator(_by_year)]
ByYearOrNone = Annotated[dict[str, float | None], BeforeValidator(_by_year)]
IntByYear = Annotated[dict[str, int], BeforeValidator(_by_year)]


class ErrorItem(Schema):
    location: list[str | int] = Field(
        description='Where: "path", "query" or "body", then the field and any index, e.g. ["body", "targets", 0]'
    )
    message: str


class Error(Schema):
    detail: str = Field(description="What is wrong, in a sentence fit to show a person")
    errors: list[ErrorItem] = Field(description="Each invalid parameter or field (422); empty for other errors")


class ReleaseOut(Schema):
    """An emission release, read from `emissions.queries.ReleaseSummary`."""

    slug: str
    name: str = Field(alias="label")
    dataset: str
    publisher: str
    published: dt.date | None
    gases: Gases = Field(description="ghg: all greenhouse gases as CO2e; co2: carbon dioxide only")
    unit: str
    resolution: Resolution = Field(description="total, sector or subsector")
    first_year: int | None
    last_year: int | None
    source_url: str
    default: bool = Field(alias="is_default")
    partial: bool = Field(description="Imported with --partial: the release covers only part of its kind")
    partial_note: str = Field(
        description="What a partial release covers, e.g. 'Partial release: 1 of 290 municipalities'"
    )

    @staticmethod
    def resolve_partial(summary) -> bool:
        return bool(summary.partial_note)


class Flat:
    """Several objects read as one, the first that has an attribute giving it: one flat answer over a record and
    the figures computed beside it (an indicator and its median, a municipality's total and its targets)."""

    def __init__(self, *objects):
        self._objects = objects

    def __getattr__(self, name: str):
        for obj in self._objects:
            try:
                return getattr(obj, name)
            except AttributeError:
                continue
        raise AttributeError(name)
