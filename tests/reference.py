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


@cache
def klimatkollen_sectors(release: str, municipality: str) -> dict[int, dict[str, float]]:
    """A municipality's emissions by year and sector in a Klimatkollen release, from the raw JSON."""
    import json

    items = json.loads((DATA / release / "municipality-sector-emissions.json").read_text(encoding="utf-8"))
    sectors = next(item for item in items if item["name"] == municipality)["sectors"]
    return {int(year): dict(values) for year, values in sectors.items()}


def klimatkollen_names(release: str) -> list[str]:
    import json

    items = json.loads((DATA / release / "municipality-sector-emissions.json").read_text(encoding="utf-8"))
    return [item["name"] for item in items]


def lad_by_enumeration(points: dict[int, float]) -> tuple[float, float]:
    """The least and greatest slope among the lines through two points with the least absolute residuals.

    Written with plain loops, apart from the engine, to check it on the real data.
    """
    items = sorted(points.items())
    candidates = []
    for i, (x1, y1) in enumerate(items):
        for x2, y2 in items[i + 1 :]:
            slope = (y2 - y1) / (x2 - x1)
            cost = sum(abs(y - (y1 + slope * (x - x1))) for x, y in items)
            candidates.append((cost, slope))
    best = min(cost for cost, _slope in candidates)
    scale = sum(abs(y) for _x, y in items) + 1
    optimal = [slope for cost, slope in candidates if cost <= best + 1e-9 * scale]
    return min(optimal), max(optimal)


@cache
def covenant_rows() -> list[dict]:
    """Every row of the JRC's signatory list, read straight from sheet 1."""
    workbook = python_calamine.CalamineWorkbook.from_path(
        str(DATA / "covenant-of-mayors/gcom-mycovenant-signatories-2024.xlsx")
    )
    rows = workbook.get_sheet_by_name("1").to_python()
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def covenant_swedish_rows() -> list[dict]:
    """The Swedish rows of the JRC's signatory list."""
    return [row for row in covenant_rows() if row["country_code"] == "se"]


@cache
def data_brief_rows(name: str) -> list[dict]:
    """The JRC data brief's rows (actions or signatories), read straight from its only sheet."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(DATA / "covenant-of-mayors" / name))
    rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def climate_plan_rows() -> list[dict]:
    """Klimatkollen's climate-plan survey, one row a municipality."""
    import csv

    with open(DATA / "actions/climate-plans.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
