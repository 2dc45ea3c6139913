"""The data brief's signatories named after the GCoM list of signatories, by country and place."""

import math
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import Problem
from samverkan.core.plausible import shown

from .data_brief import ExampleSignatory, _code, _is_number, _sheet_rows

# The GCoM list of signatories (networks' Covenant import reads its Swedish rows): sheet "1".
LISTED_SHEET = "1"
LISTED_COLUMNS = [
    "organisation_id",
    "organisation_name",
    "country_code",
    "organisation_latitude",
    "organisation_longitude",
]
# Degrees, about 0.1 m: the two files print the same point with different numbers of decimals.
SAME_PLACE = 1e-6


@dataclass(frozen=True)
class ListedSignatory:
    """A signatory of the GCoM list: its id there, its name and where it is."""

    source_id: str
    name: str
    country: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class SignatoryMatch:
    """The one signatory of the GCoM list at a data brief signatory's place, or why there is none."""

    listed: ListedSignatory | None
    reason: str = ""


def _degrees(value) -> float | None:
    """A coordinate as the GCoM list gives it: a number, or text with a decimal comma ("37,23"); else None."""
    if _is_number(value):
        return float(value)
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_listed_signatories(path: Path) -> tuple[list[ListedSignatory], list[Problem]]:
    """Every signatory of the GCoM list with a place; a row without readable coordinates cannot be matched."""
    problems: list[Problem] = []
    _sheet, rows = _sheet_rows(path, LISTED_COLUMNS, problems, sheet_name=LISTED_SHEET)
    listed = []
    for _number, row in rows:
        latitude, longitude = _degrees(row["organisation_latitude"]), _degrees(row["organisation_longitude"])
        if latitude is None or longitude is None:
            continue
        listed.append(
            ListedSignatory(
                source_id=_code(row["organisation_id"]),
                name=str(row["organisation_name"]).strip(),
                country=str(row["country_code"]).strip().upper(),
                latitude=latitude,
                longitude=longitude,
            )
        )
    return listed, problems


def match_signatories(
    signatories: dict[str, ExampleSignatory], listed: list[ListedSignatory]
) -> dict[str, SignatoryMatch]:
    """Each data brief signatory's one signatory of the GCoM list in its country at its coordinates, or the reason.

    The data brief names no one; where exactly one listed signatory of the same country stands at the same
    point (within SAME_PLACE degrees) it is that one. None, several, or one claimed twice: no name.
    """
    by_country: dict[str, list[ListedSignatory]] = {}
    for item in listed:
        by_country.setdefault(item.country, []).append(item)
    found: dict[str, list[ListedSignatory]] = {}
    for code, signatory in signatories.items():
        latitude, longitude = signatory.latitude, signatory.longitude
        if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            found[code] = []
            continue
        found[code] = [
            item
            for item in by_country.get(signatory.country, [])
            if abs(item.latitude - latitude) <= SAME_PLACE and abs(item.longitude - longitude) <= SAME_PLACE
        ]
    claimed: dict[str, list[str]] = {}
    for code, items in found.items():
        if len(items) == 1:
            claimed.setdefault(items[0].source_id, []).append(code)
    result = {}
    for code, items in found.items():
        signatory = signatories[code]
        place = {  # to a metre: the data brief prints float noise (31.3264007599998)
            "latitude": shown(round(signatory.latitude, 5)) if signatory.latitude is not None else "",
            "longitude": shown(round(signatory.longitude, 5)) if signatory.longitude is not None else "",
        }
        if signatory.latitude is None or signatory.longitude is None:
            reason = _("The data brief gives no coordinates for this signatory.")
        elif not (-90 <= signatory.latitude <= 90 and -180 <= signatory.longitude <= 180):
            reason = _("The data brief's coordinates (%(latitude)s, %(longitude)s) are not a place on Earth.") % place
        elif not items:
            reason = _(
                "No signatory of the GCoM list in %(country)s stands at the data brief's coordinates "
                "(%(latitude)s, %(longitude)s)."
            ) % {**place, "country": signatory.country}
        elif len(items) > 1:
            reason = _(
                "%(count)s signatories of the GCoM list stand at the data brief's coordinates "
                "(%(latitude)s, %(longitude)s): %(names)s."
            ) % {**place, "count": len(items), "names": ", ".join(sorted(item.name for item in items)[:5])}
        elif len(claimed[items[0].source_id]) > 1:
            reason = _("Signatories %(codes)s of the data brief stand at the same place.") % {
                "codes": ", ".join(claimed[items[0].source_id])
            }
        else:
            result[code] = SignatoryMatch(items[0])
            continue
        result[code] = SignatoryMatch(None, reason)
    return result
