"""Parse and validate the official files for territories and population.

parse_* know only a file's format and return plain rows that carry their location;
validate_* check the rows against each other and the database's territories and
return every problem at once. Writing happens in services.py.

One module per source: reference (SCB's code list and the lists of municipalities, counties and
regions), population (SCB's population tables).
"""

from .population import (
    PopulationRow,
    detect_population_format,
    parse_population_history,
    parse_population_monthly,
    population_coverage,
    read_population,
    validate_population,
)
from .reference import (
    CodeRow,
    CountyRow,
    MunicipalityRow,
    ReferenceData,
    RegionRow,
    parse_code_list,
    parse_county_list,
    parse_municipality_list,
    parse_reference,
    parse_region_list,
    validate_reference,
)

__all__ = [
    "CodeRow",
    "CountyRow",
    "MunicipalityRow",
    "PopulationRow",
    "ReferenceData",
    "RegionRow",
    "detect_population_format",
    "parse_code_list",
    "parse_county_list",
    "parse_municipality_list",
    "parse_population_history",
    "parse_population_monthly",
    "parse_reference",
    "parse_region_list",
    "population_coverage",
    "read_population",
    "validate_population",
    "validate_reference",
]
