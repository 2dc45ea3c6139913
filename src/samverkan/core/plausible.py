"""The plausible range of every number the platform imports or accepts, in one place, each with why.

A value outside its range is a typing or file error, never a fact to store: it is refused with the value,
the range and where it was found. NaN and ±infinity are always refused. The ranges come from the bundled
real data with generous headroom (figures in the comments); the per-indicator ranges live in the indicator
catalogue (data/indicators/indicators.csv, columns min and max) and are checked with `Range` as well.
"""

import logging
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formatting import format_number

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Range:
    """Closed range [low, high] of a quantity in `unit`; `low_open` makes it (low, high]."""

    low: float
    high: float
    unit: str = ""
    why: str = ""  # for the reader of this module and the README: where the bounds come from
    low_open: bool = False

    def __contains__(self, value) -> bool:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high

    def expected(self) -> str:
        """What a value must be, as a problem's 'expected': "a number from 0 to 10 000 000 (t CO2e a year)"."""
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            return _("a finite number")
        low, high = _bound(self.low), _bound(self.high)
        if self.low_open:
            text = _("a number above %(low)s and at most %(high)s") % {"low": low, "high": high}
        else:
            text = _("a number from %(low)s to %(high)s") % {"low": low, "high": high}
        return f"{text} ({self.unit})" if self.unit else text

    def refusal(self, value) -> str:
        """The message for a value outside the range, naming the value and the range."""
        return _("%(value)s is not plausible: expected %(expected)s.") % {
            "value": shown(value),
            "expected": self.expected(),
        }


def _bound(number: float) -> str:
    """A bound with as many decimals as it has (up to 6): 2,5 not 2,50."""
    decimals = len(f"{float(number):.6f}".rstrip("0").split(".")[1])
    return format_number(number, decimals)


def shown(value) -> str:
    """A value as found, short and exact enough to find it again in a file: 1.7e+308, 99, nan."""
    if isinstance(value, float):
        return repr(value)
    return str(value)[:40]


def finite_or_none(value):
    """A computed figure that is not finite (a division by a vanishing number) is no figure: None, logged."""
    if value is None:
        return None
    if not math.isfinite(value):
        log.warning("A computed figure was not finite (%r); shown as missing", value)
        return None
    return value


def ratio(numerator, denominator, scale: float = 1.0):
    """numerator / denominator * scale, or None when either is missing, the denominator is 0 or the result is not
    finite: a share of a gap of 0 or a figure per inhabitant of 0 inhabitants is no figure."""
    if numerator is None or not denominator:
        return None
    try:
        return finite_or_none(numerator / denominator * scale)
    except (OverflowError, ZeroDivisionError):
        return None


# --- the ranges ------------------------------------------------------------------------------------------------

# A Swedish municipality's population at the end of a year. SCB's files 1950–2025 hold 2 241 (Bjurholm) to
# 999 239 (Stockholm); 10 million is ten times Stockholm and about all of Sweden. 0 is refused: a municipality
# has people, and figures per inhabitant divide by them.
POPULATION = Range(
    1,
    10_000_000,
    gettext_lazy("inhabitants"),
    "SCB 1950–2025: 2 241 (Bjurholm) to 999 239 (Stockholm); at most ten times Stockholm, about all of Sweden",
)

# An organization's inhabitants as a network's source gives them (the JRC data brief: 255 to 1 680 000). The
# Covenant's signatories include regions of several million; 100 million leaves room for any of them.
ORGANIZATION_INHABITANTS = Range(
    0,
    100_000_000,
    gettext_lazy("inhabitants"),
    "JRC data brief: 255 to 1 680 000; Covenant signatories include regions of millions",
)

# Emissions of one territory (and sector) in one year, t CO2e. The bundled releases hold 0 to 4.0 Mt for a
# municipality (Luleå's steelworks), 11.9 Mt for a county and 77 Mt for Sweden (1990). The upper bounds are
# more than ten times those. Negative values are refused: land use (LULUCF), the one sector that can be a sink,
# is not in SMHI's municipal data or Klimatkollen's files; importing it would need a range of its own.
EMISSIONS = {
    "municipality": Range(
        0,
        50_000_000,
        gettext_lazy("t CO2e a year"),
        "bundled data: 0 to 4.0 Mt (Luleå); LULUCF sinks are not imported",
    ),
    "county": Range(0, 100_000_000, gettext_lazy("t CO2e a year"), "bundled data: 0 to 11.9 Mt (Norrbotten)"),
    "country": Range(0, 500_000_000, gettext_lazy("t CO2e a year"), "bundled data: 0 to 77 Mt (Sweden, 1990)"),
}
EMISSION_ANY = Range(0, 500_000_000, gettext_lazy("t CO2e a year"), "the widest of the emission ranges")

# An action's expected effect. The JRC data brief's 11 654 effects are 0 to 1.5 Mt CO2 a year; 10 Mt is about
# an eighth of Sweden's territorial emissions. An effect is a cut: a negative one (an action that adds
# emissions or energy use) is refused, as its sign would be read as a cut on the plan's totals.
EFFECT_T_CO2E = Range(
    0,
    10_000_000,
    gettext_lazy("t CO2e a year"),
    "JRC data brief: 0 to 1.5 Mt a year; 10 Mt is an eighth of Sweden's emissions; a cut is not negative",
)
# 100 TWh a year is about a quarter of Sweden's final energy use and five times Stockholm's.
EFFECT_MWH = Range(
    0,
    100_000_000,
    gettext_lazy("MWh a year"),
    "100 TWh is about a quarter of Sweden's final energy use; a saving is not negative",
)
# An action's cost. 1 000 billion SEK is more than the state's yearly budget and more than any infrastructure
# project in Sweden (the new trunk railways are estimated at about 300 billion).
COST_SEK = Range(
    0,
    1_000_000_000_000,
    gettext_lazy("SEK"),
    "1 000 billion SEK exceeds the state's yearly budget and Sweden's largest infrastructure project",
)
COMPLETION = Range(0, 100, gettext_lazy("per cent"), "a share of the work done")

# Targets: a cut in per cent (more than 0, at most 100); a level in t CO2e a year, at most the national
# emission range's top; per inhabitant, Sweden's territorial emissions are about 4–5 t and consumption-based
# 5–7 t (Klimatkollen), so 100 t is far above any municipality's.
TARGET_CUT_PERCENT = Range(0, 100, gettext_lazy("per cent"), "a cut of more than nothing and at most all", True)
TARGET_LEVEL = Range(
    0, 500_000_000, gettext_lazy("t CO2e a year"), "the national emission range: a target for Sweden fits"
)
TARGET_PER_INHABITANT = Range(
    0,
    100,
    gettext_lazy("t CO2e a year per inhabitant"),
    "Klimatkollen: 4.8 to 7.1 t consumption-based per inhabitant; 100 t is far above any",
)

# An indicator's own range must itself be finite and ordered; this bounds what the catalogue may declare.
INDICATOR_BOUND = Range(-1e12, 1e12, "", "a catalogue's min and max are ordinary numbers")

BY_NAME: dict[str, Range] = {
    "population": POPULATION,
    "organization_inhabitants": ORGANIZATION_INHABITANTS,
    "emissions": EMISSION_ANY,
    "effect_t_co2e": EFFECT_T_CO2E,
    "effect_mwh": EFFECT_MWH,
    "cost_sek": COST_SEK,
    "completion": COMPLETION,
    "finite": Range(-math.inf, math.inf, "", "any finite number"),
}


def check(value, plausible: Range) -> str | None:
    """None when the value is in range, else the refusal."""
    return None if value in plausible else plausible.refusal(value)


@deconstructible(path="samverkan.core.plausible.Plausible")
class Plausible:
    """A model field's validator: the range is looked up by name when it runs, so a migration names the quantity,
    not its bounds, and a range changes here alone."""

    def __init__(self, quantity: str):
        self.quantity = quantity

    def __call__(self, value) -> None:
        if value is None:
            return
        plausible = BY_NAME[self.quantity]
        if value not in plausible:
            raise ValidationError(plausible.refusal(value), code="implausible")

    def __eq__(self, other) -> bool:
        return isinstance(other, Plausible) and other.quantity == self.quantity

    def __hash__(self) -> int:
        return hash(self.quantity)
