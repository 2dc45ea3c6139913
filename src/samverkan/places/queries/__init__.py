"""Reads for territories, organizations and population, shared by pages and the API.

Functions take plain arguments and return plain dataclasses; each holds its work to a
few queries whatever the number of municipalities.

- `lookup`: a municipality, county or organization by code or id, or a 404 naming it.
- `population`: SCB's population series, interpolated between the years SCB gives.
- `municipalities`: the municipality search, list and page.
- `counties`: the county pages, the home page's overview and the county filter.
"""

from .counties import (
    CountyChoice,
    CountyDetail,
    CountyGroup,
    CountySummary,
    NationalOverview,
    counties_with_municipalities,
    county_choices,
    county_detail,
    county_list,
    home_overview,
    national_overview,
)
from .lookup import county_or_404, municipal_authority_or_404, municipality_or_404, organization_or_404
from .municipalities import (
    MunicipalityDetail,
    MunicipalitySummary,
    OrganizationSummary,
    municipality_detail,
    municipality_list,
    municipality_search,
)
from .population import (
    PopulationForYears,
    PopulationPoint,
    SourceLine,
    population_for_years,
    population_for_years_by_municipality,
    population_for_years_summed,
)

__all__ = [
    "CountyChoice",
    "CountyDetail",
    "CountyGroup",
    "CountySummary",
    "MunicipalityDetail",
    "MunicipalitySummary",
    "NationalOverview",
    "OrganizationSummary",
    "PopulationForYears",
    "PopulationPoint",
    "SourceLine",
    "counties_with_municipalities",
    "county_choices",
    "county_detail",
    "county_list",
    "county_or_404",
    "home_overview",
    "municipal_authority_or_404",
    "municipality_detail",
    "municipality_list",
    "municipality_or_404",
    "municipality_search",
    "national_overview",
    "organization_or_404",
    "population_for_years",
    "population_for_years_by_municipality",
    "population_for_years_summed",
]
