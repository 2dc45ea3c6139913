"""Validation of parsed emission rows, whatever their format: territories and sectors resolved against the
database's catalogue, duplicates and implausible values refused, stated totals compared with the sums, and
what a complete release of the format covers."""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samverkan.core.errors import Problem
from samverkan.core.plausible import EMISSIONS, shown
from samverkan.sources.coverage import Gap

from .klimatkollen import KLIMATKOLLEN_FILES
from .rows import COUNTRY, COUNTY, ParsedEmissions, ResolvedValue, TerritoryRef, ValidatedEmissions, Where

TOLERANCE = 0.005  # differences between a stated total and the sum above 0.5 % are reported
ABSOLUTE_TOLERANCE = 0.5  # tonnes: rounding noise on tiny totals is not a difference


def name_key(name: str) -> str:
    """Names are joined exactly (Habo and Håbo are two municipalities), after Unicode normalisation."""
    return unicodedata.normalize("NFC", name).strip()


@dataclass
class Catalogue:
    """What validation resolves names against: territories and sectors from the database."""

    country_id: int
    counties_by_code: dict[str, int]
    counties_by_name: dict[str, int]
    municipalities_by_code: dict[str, tuple[int, str, str]]  # code -> (id, name, county name)
    municipalities_by_name: dict[str, tuple[int, str, str]]  # name_key(name) -> (id, code, county name)
    main_sectors: dict[str, int]  # every spelling -> id
    subsectors: dict[tuple[int, str], int]  # (main sector id, spelling) -> id
    residual_sector_ids: set[int]


def validate(parsed: ParsedEmissions, catalogue: Catalogue) -> ValidatedEmissions:
    problems = list(parsed.problems)
    resolved_territories: dict[TerritoryRef, int | None] = {}
    reported: set = set()

    by_identity: dict[int, tuple[TerritoryRef, int | None]] = {}

    def territory_id(ref: TerritoryRef, where: Where) -> int | None:
        # Parsers share one ref among a row's cells: look it up by identity first (hashing is the slow part).
        cached = by_identity.get(id(ref))
        if cached is not None and cached[0] is ref:
            return cached[1]
        if ref not in resolved_territories:
            resolved_territories[ref], problem = _resolve_territory(ref, where, catalogue)
            if problem:
                problems.append(problem)
        by_identity[id(ref)] = (ref, resolved_territories[ref])
        return resolved_territories[ref]

    values: list[ResolvedValue] = []
    seen: dict[tuple, tuple[int | None, str]] = {}
    sums: dict[tuple, float] = defaultdict(float)
    for row in parsed.rows:
        tid = territory_id(row.territory, row.where)
        sector_id = subsector_id = None
        if row.sector is not None:
            sector_id = catalogue.main_sectors.get(row.sector)
            if sector_id is None:
                if ("sector", row.sector) not in reported:
                    reported.add(("sector", row.sector))
                    problems.append(row.cell(0).problem(row.sector, _("one of SMHI's main sectors")))
                continue
            if row.subsector is not None:
                subsector_id = catalogue.subsectors.get((sector_id, row.subsector))
                if subsector_id is None:
                    if ("subsector", row.sector, row.subsector) not in reported:
                        reported.add(("subsector", row.sector, row.subsector))
                        problems.append(
                            row.cell(0).problem(row.subsector, _("a subsector of %(sector)s") % {"sector": row.sector})
                        )
                    continue
        if tid is None:
            continue
        is_residual = sector_id in catalogue.residual_sector_ids
        plausible = EMISSIONS[row.territory.kind]
        for index, (year, value) in enumerate(zip(row.years, row.values, strict=True)):
            if value not in plausible:  # negative, or absurdly large for the territory (core/plausible.py)
                problems.append(row.cell(index).problem(shown(value), plausible.expected()))
                continue
            key = (tid, year, sector_id, subsector_id)
            first = seen.get(key)
            if first is not None:
                place = ", ".join(str(part) for part in (row.where.file, first[0], first[1]) if part)
                problems.append(
                    row.cell(index).problem(
                        value, _("one value per territory, year and sector (also at %(place)s)") % {"place": place}
                    )
                )
                continue
            seen[key] = (row.where.row, row.columns[index])
            if value or subsector_id is None:
                # Zero subsector values are not stored (about half of SMHI's subsector export): sums are
                # unchanged, and a subsector missing from a release that covers the year reads as zero.
                values.append((tid, year, sector_id, subsector_id, value))
            sums[(tid, year, None, is_residual)] += value
            if subsector_id is not None:
                sums[(tid, year, sector_id, False)] += value

    if parsed.format == "smhi-compiled":
        residual = {key: total for key, total in sums.items() if key[3]}
        sums = _compiled_sums(values, catalogue)
        sums.update(residual)
    warnings = []
    for stated in parsed.totals:
        tid = territory_id(stated.territory, stated.where)
        if tid is None:
            continue
        sector_id = catalogue.main_sectors.get(stated.sector) if stated.sector else None
        total = sums.get((tid, stated.year, sector_id, False))
        if total is None:
            continue
        if stated.include_residual:
            total += sums.get((tid, stated.year, None, True), 0.0)
        difference = total - stated.value
        if abs(difference) > ABSOLUTE_TOLERANCE and abs(difference) > TOLERANCE * abs(stated.value):
            share = difference / stated.value * 100 if stated.value else float("inf")
            warnings.append(
                stated.where.problem(
                    f"{total:.0f}",
                    _("the stated total %(stated).0f (the sum differs by %(share)+.2f %%)")
                    % {"stated": stated.value, "share": share},
                )
            )
    years = sorted({year for row in parsed.rows for year in row.years})
    return ValidatedEmissions(values, problems, warnings, years, coverage(parsed, set(seen), catalogue))


def coverage(parsed: ParsedEmissions, found: set[tuple], catalogue: Catalogue) -> list[Gap]:
    """Complete means every municipality and county, each with every year and main sector the file carries.

    `found` holds (territory, year, sector, subsector) of every value read, zeros included.
    """
    file = parsed.rows[0].where.file if parsed.rows else ""
    sheet = parsed.rows[0].where.sheet if parsed.rows else None
    municipalities = {tid: name for name, (tid, _code, _county) in catalogue.municipalities_by_name.items()}
    counties = {tid: name for name, tid in catalogue.counties_by_name.items()}
    cells: dict[int, set[tuple]] = defaultdict(set)
    for tid, year, sector_id, _subsector_id in found:
        cells[tid].add((year, sector_id))
    grid = set().union(*(cells[tid] for tid in municipalities if tid in cells))
    sector_names: dict[int | None, str] = {None: _("total")}
    for spelling, sector_id in catalogue.main_sectors.items():
        sector_names.setdefault(sector_id, spelling)
    incomplete = sorted(
        f"{municipalities[tid]} {year} {sector_names.get(sector_id, sector_id)}"
        for tid in municipalities
        if tid in cells
        for year, sector_id in grid - cells[tid]
    )
    by_sector = len({sector for _year, sector in grid}) > 1
    missing_municipalities = tuple(sorted(name for tid, name in municipalities.items() if tid not in cells))
    missing_counties = tuple(sorted(name for tid, name in counties.items() if tid not in cells))
    national = []
    if parsed.format == "klimatkollen":  # a Klimatkollen release carries Sweden's own figures in its national files
        national.append(
            Gap(
                "values",
                1,
                () if catalogue.country_id in cells else (_("Sweden"),),
                KLIMATKOLLEN_FILES["national_sectors"],
                detail=_("Sweden's own figures, from the release's national files"),
            )
        )
    return [
        *national,
        Gap("municipalities", len(municipalities), missing_municipalities, file, sheet),
        Gap("counties", len(counties), missing_counties, file, sheet),
        Gap(
            "values",
            len(municipalities) * len(grid),
            tuple(incomplete),
            file,
            sheet,
            None,
            _("a value for every municipality, year and main sector of the file")
            if by_sector
            else _("a value for every municipality and year of the file"),
        ),
    ]


def _compiled_sums(values: list[ResolvedValue], catalogue: Catalogue) -> dict[tuple, float]:
    """In the compiled totals workbook a county's and the nation's totals are checked against their municipalities."""
    county_of = catalogue_county_of(catalogue)
    sums: dict[tuple, float] = defaultdict(float)
    for territory_id, year, _sector, _subsector, value in values:
        county = county_of.get(territory_id)
        if county is None:
            continue
        sums[(county, year, None, False)] += value
        sums[(catalogue.country_id, year, None, False)] += value
    return sums


def catalogue_county_of(catalogue: Catalogue) -> dict[int, int]:
    return {
        mid: catalogue.counties_by_name[county_name]
        for mid, _name, county_name in catalogue.municipalities_by_code.values()
        if county_name in catalogue.counties_by_name
    }


def _resolve_territory(ref: TerritoryRef, where: Where, catalogue: Catalogue) -> tuple[int | None, Problem | None]:
    if ref.kind == COUNTRY:
        return catalogue.country_id, None
    if ref.kind == COUNTY:
        tid = catalogue.counties_by_code.get(ref.code or "") or catalogue.counties_by_name.get(ref.name or "")
        if tid is None:
            return None, where.problem(ref.code or ref.name, _("one of Sweden's 21 counties"))
        return tid, None
    if ref.code:
        found = catalogue.municipalities_by_code.get(ref.code)
        if found is None:
            return None, where.problem(f"{ref.code} {ref.name or ''}".strip(), _("a known municipality code"))
        tid, name, county_name = found
        if ref.name and ref.name != name:
            return None, where.problem(
                ref.name, _("%(name)s, the municipality with code %(code)s") % {"name": repr(name), "code": ref.code}
            )
        return tid, None
    found = catalogue.municipalities_by_name.get(name_key(ref.name or ""))
    if found is None:
        return None, where.problem(ref.name, _("the name of one of Sweden's municipalities"))
    tid, _code, county_name = found
    if ref.county_name and ref.county_name != county_name:
        return None, where.problem(
            ref.county_name, _("%(county)s, the county of %(name)s") % {"county": repr(county_name), "name": ref.name}
        )
    return tid, None
