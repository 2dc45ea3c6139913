"""Klimatkollen's JSON releases: sectors per municipality, county and nation, and the totals they state."""

from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import read_json

from .rows import (
    COUNTRY,
    COUNTY,
    MUNICIPALITY,
    EmissionRow,
    ParsedEmissions,
    StatedTotal,
    TerritoryRef,
    Where,
    as_tonnes,
    as_year,
)

KLIMATKOLLEN_FILES = {
    "municipality_sectors": "municipality-sector-emissions.json",
    "municipality_totals": "municipality-data.json",
    "county_sectors": "region-sector-emissions.json",
    "county_totals": "regional-data.json",
    "national_sectors": "national-sector-emissions.json",
    "national_totals": "national-data.json",
}


def _load_json(path: Path, problems: list[Problem]):
    try:
        return read_json(path)
    except DataFileError as error:
        problems.extend(error.problems)
    return None


def _expect_list(data, file: str, key: str, problems: list[Problem]) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(item, dict) and key in item for item in data):
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                type(data).__name__,
                _("a list of objects, each with the key %(key)s") % {"key": repr(key)},
            )
        )
        return []
    return data


def _sector_rows(items, file: str, key: str, kind: str, parsed: ParsedEmissions) -> None:
    for index, item in enumerate(items, start=1):
        name = item.get(key)
        territory = TerritoryRef(COUNTRY) if kind == COUNTRY else TerritoryRef(kind, name=str(name))
        sectors = item.get("sectors")
        if not isinstance(sectors, dict):
            parsed.problems.append(
                Where(file, None, index, "sectors").problem(type(sectors).__name__, _("an object of years"))
            )
            continue
        for year_text, by_sector in sectors.items():
            year = as_year(year_text)
            if year is None or not isinstance(by_sector, dict):
                parsed.problems.append(
                    Where(file, None, index, f"sectors.{year_text}").problem(
                        year_text, _("a year such as 2024 with an object of sectors")
                    )
                )
                continue
            for sector, raw in by_sector.items():
                column = f"sectors.{year_text}.{sector}"
                where = Where(file, None, index, column)
                value = as_tonnes(raw)
                if value is None:
                    parsed.problems.append(where.problem(raw, _("a number of tonnes")))
                    continue
                parsed.rows.append(EmissionRow(where, territory, sector, None, (year,), (value,), (column,)))


def _stated_totals(items, file: str, key: str, totals_key: str | list[str], kind: str, parsed: ParsedEmissions):
    for index, item in enumerate(items, start=1):
        keys = [totals_key] if isinstance(totals_key, str) else totals_key
        found = next((k for k in keys if k in item), None)
        if found is None:
            parsed.problems.append(Where(file, None, index, keys[0]).problem("", _("the totals per year")))
            continue
        territory = TerritoryRef(COUNTRY) if kind == COUNTRY else TerritoryRef(kind, name=str(item.get(key)))
        by_year = item.get(found)
        if by_year is None:
            continue
        if not isinstance(by_year, dict):
            parsed.problems.append(
                Where(file, None, index, found).problem(type(by_year).__name__, _("an object of years"))
            )
            continue
        for year_text, raw in by_year.items():
            year, value = as_year(year_text), as_tonnes(raw)
            if year is None or value is None:
                continue  # stated totals are only compared; a missing one leaves nothing to compare
            parsed.totals.append(
                StatedTotal(Where(file, None, index, f"{found}.{year_text}"), territory, year, None, value)
            )


def parse_klimatkollen(folder: Path) -> ParsedEmissions:
    """A Klimatkollen release: sectors per municipality, county and nation, and the totals they state."""
    parsed = ParsedEmissions("klimatkollen", "sector")
    data = {key: _load_json(folder / name, parsed.problems) for key, name in KLIMATKOLLEN_FILES.items()}
    if parsed.problems:
        return parsed
    files = KLIMATKOLLEN_FILES
    items = _expect_list(data["municipality_sectors"], files["municipality_sectors"], "name", parsed.problems)
    _sector_rows(items, files["municipality_sectors"], "name", MUNICIPALITY, parsed)
    items = _expect_list(data["county_sectors"], files["county_sectors"], "name", parsed.problems)
    _sector_rows(items, files["county_sectors"], "name", COUNTY, parsed)
    items = _expect_list(data["national_sectors"], files["national_sectors"], "name", parsed.problems)
    _sector_rows(items, files["national_sectors"], "name", COUNTRY, parsed)
    items = _expect_list(data["municipality_totals"], files["municipality_totals"], "name", parsed.problems)
    _stated_totals(items, files["municipality_totals"], "name", "emissions", MUNICIPALITY, parsed)
    items = _expect_list(data["county_totals"], files["county_totals"], "region", parsed.problems)
    _stated_totals(items, files["county_totals"], "region", "emissions", COUNTY, parsed)
    items = _expect_list(data["national_totals"], files["national_totals"], "country", parsed.problems)
    _stated_totals(
        items, files["national_totals"], "country", ["emissions", "territorialFossilEmissions"], COUNTRY, parsed
    )
    return parsed
