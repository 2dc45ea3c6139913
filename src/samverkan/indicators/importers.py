"""Reading indicator files: the catalogue (CSV) and Klimatkollen's key indicators per municipality (JSON).

parse-and-validate returns every problem at once, each with file, row, column, the value found
and what was expected; services.py writes nothing unless there are none.
"""

import csv
import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import read_json, require_file
from samverkan.core.plausible import INDICATOR_BOUND, Range, shown
from samverkan.core.text import in_language
from samverkan.emissions.importers import name_key
from samverkan.sources.coverage import Gap

CATALOGUE_COLUMNS = (
    "slug",
    "position",
    "source_field",
    "direction",
    "decimals",
    "min",
    "max",
    "kolada_id",
    "name",
    "name_en",
    "unit",
    "unit_en",
    "description",
    "description_en",
)


def _is_missing(value) -> bool:
    """Klimatkollen's files write a missing value as null or "Saknas"."""
    return value is None or (isinstance(value, str) and value.strip().lower() in {"", "saknas"})


def parse_catalogue(path: Path) -> tuple[list[dict], list[Problem]]:
    require_file(path)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CATALOGUE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [], [Problem(path.name, None, 1, ", ".join(missing), "", ", ".join(CATALOGUE_COLUMNS))]
        rows, problems = [], []
        for number, row in enumerate(reader, start=2):
            for column in ("position", "decimals"):
                if not (row[column] or "").isdigit():
                    problems.append(Problem(path.name, None, number, column, row[column], _("a whole number")))
            if row["direction"] not in ("higher", "lower"):
                problems.append(Problem(path.name, None, number, "direction", row["direction"], "higher, lower"))
            bounds = [_bound(path.name, number, row, column, problems) for column in ("min", "max")]
            if None not in bounds and bounds[0] >= bounds[1]:
                expected = _("a number above min (%(min)s)") % {"min": row["min"]}
                problems.append(Problem(path.name, None, number, "max", row["max"], expected))
            rows.append(row)
        return rows, problems


def _bound(file: str, number: int, row: dict, column: str, problems: list[Problem]) -> float | None:
    """An indicator's smallest or largest plausible value: every indicator declares both."""
    try:
        value = float((row[column] or "").strip())
    except ValueError:
        value = None
    if value is None or value not in INDICATOR_BOUND:
        problems.append(Problem(file, None, number, column, row[column] or "", INDICATOR_BOUND.expected()))
        return None
    return value


def plausible_ranges(catalogue: list[dict]) -> dict[str, Range]:
    """Each indicator's plausible range by slug, from the checked catalogue rows, in the reader's language."""
    return {
        row["slug"]: Range(float(row["min"]), float(row["max"]), in_language(row["unit"], row["unit_en"]))
        for row in catalogue
    }


@dataclass(frozen=True)
class ValueRow:
    indicator_slug: str
    territory_id: int
    value: float


@dataclass
class ParsedValues:
    values: list[ValueRow]
    missing: int  # values the file gives as null or "Saknas": kept out, counted
    problems: list[Problem]
    gaps: list[Gap] = dataclasses.field(default_factory=list)


def parse_klimatkollen(
    path: Path, fields: dict[str, str], municipalities: dict[str, int], ranges: dict[str, Range] | None = None
) -> ParsedValues:
    """Each municipality's value of each indicator; `fields` maps a file field to an indicator's slug, `ranges`
    an indicator's slug to its plausible range (from the catalogue): a value outside it is a problem.

    A municipality is named as in the file ("Ale", "Upplands Väsby") and joined exactly to SCB's names.
    """
    require_file(path)
    result = ParsedValues([], 0, [])
    try:
        items = read_json(path)
    except DataFileError as error:
        result.problems.extend(error.problems)
        return result
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        result.problems.append(Problem(path.name, None, None, None, type(items).__name__, _("a list of objects")))
        return result
    if not items:
        result.problems.append(Problem(path.name, None, None, None, "[]", _("one object per municipality")))
        return result
    seen: set[int] = set()
    for number, item in enumerate(items, start=1):
        name = item.get("name")
        territory_id = municipalities.get(name_key(name)) if isinstance(name, str) else None
        if territory_id is None:
            result.problems.append(Problem(path.name, None, number, "name", str(name)[:80], _("a municipality's name")))
            continue
        if territory_id in seen:
            result.problems.append(Problem(path.name, None, number, "name", name, _("each municipality once")))
            continue
        seen.add(territory_id)
        for field, slug in fields.items():
            if field not in item:
                result.problems.append(
                    Problem(path.name, None, number, field, _("(missing)"), _("a field of every object"))
                )
                continue
            value = item[field]
            if _is_missing(value):
                result.missing += 1
            elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                result.problems.append(Problem(path.name, None, number, field, str(value)[:40], _("a number")))
            elif ranges and slug in ranges and value not in ranges[slug]:
                result.problems.append(Problem(path.name, None, number, field, shown(value), ranges[slug].expected()))
            else:
                result.values.append(ValueRow(slug, territory_id, float(value)))
    result.gaps = coverage(path.name, result.values, fields, municipalities, seen)
    return result


def coverage(file: str, values: list[ValueRow], fields: dict[str, str], municipalities: dict[str, int], seen: set[int]):
    """Complete means every municipality in the file, and every indicator with a value for at least one of them."""
    with_values = {row.indicator_slug for row in values}
    names = {pk: name for name, pk in municipalities.items()}
    missing = tuple(sorted(name for pk, name in names.items() if pk not in seen))
    return [
        Gap("municipalities", len(names), missing, file, None, "name"),
        Gap(
            "indicators",
            len(fields),
            tuple(f"{name} ({slug})" for name, slug in fields.items() if slug not in with_values),
            file,
            None,
            None,
            _("every indicator with a value for some municipality (a field null everywhere is missing)"),
        ),
    ]
