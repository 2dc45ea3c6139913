"""Parse and validate the bundled action data: Klimatkollen's climate-plan survey and the JRC's data brief.

Every row is checked before anything is written; a problem names file, row and column.
"""

from .data_brief import ACTION_COLUMNS, SIGNATORY_COLUMNS, DataBrief, parse_data_brief, repair_mojibake
from .listed import LISTED_COLUMNS, ListedSignatory, SignatoryMatch, match_signatories, parse_listed_signatories
from .survey import SurveyRow, climate_plan_coverage, parse_climate_plans

__all__ = [
    "ACTION_COLUMNS",
    "LISTED_COLUMNS",
    "SIGNATORY_COLUMNS",
    "DataBrief",
    "ListedSignatory",
    "SignatoryMatch",
    "SurveyRow",
    "climate_plan_coverage",
    "match_signatories",
    "parse_climate_plans",
    "parse_data_brief",
    "parse_listed_signatories",
    "repair_mojibake",
]
