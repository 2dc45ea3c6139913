"""Expected figures read straight from the raw files, independently of our importers."""

from functools import cache

import python_calamine

from tests.conftest import DATA


@cache
def population_2025_by_code() -> dict[str, int]:
    """SCB's December 2025 population per kommunkod, from column D of the raw export."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(DATA / "scb/population-by-municipality-2025-12.xlsx"))
    rows = workbook.get_sheet_by_index(0).to_python()
    result = {}
    for row in rows:
        label = str(row[0])
        if len(label) > 5 and label[:4].isdigit() and label[4] == " ":
            result[label[:4]] = int(row[3])
    return result


@cache
def klimatkollen_total(release: str, municipality: str, year: int) -> float:
    """A municipality's total in a Klimatkollen release: the sum of its sectors in the raw JSON."""
    import json

    items = json.loads((DATA / release / "municipality-sector-emissions.json").read_text(encoding="utf-8"))
    sectors = next(item for item in items if item["name"] == municipality)["sectors"][str(year)]
    return sum(sectors.values())
