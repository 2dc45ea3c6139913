"""Numbers as people read them: sv-SE on Swedish pages ("1 234 567", "12,5 %"), en otherwise."""

import logging
import math

from django.utils.translation import get_language

NBSP = "\u00a0"
log = logging.getLogger(__name__)


def _finite(value) -> float | None:
    """The value as a float; None (logged) for NaN, ±infinity or a number too large for a float."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        log.warning("A non-finite number reached a page (%r); shown as a dash", value)
        return None
    return number


def format_number(value, decimals: int = 0, language: str | None = None) -> str:
    """Group thousands and set the decimal mark for the language; '–' for no value and for NaN or infinity,
    which no page may show."""
    if value is None or value == "":
        return "–"
    number = _finite(value)
    if number is None:
        return "–"
    language = (language or get_language() or "sv")[:2]
    if round(number, decimals) == 0:
        number = 0.0  # no "−0" for a tiny negative value
    text = f"{number:,.{decimals}f}"
    if language == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
        if text.startswith("-"):
            text = "\u2212" + text[1:]
    return text


def format_percent(value, decimals: int = 1, language: str | None = None, signed: bool = False) -> str:
    """A percentage; signed=True writes a plus sign on increases, for changes ("+0,3 %")."""
    if value is None or value == "":
        return "–"
    number = _finite(value)
    if number is None:
        return "–"
    text = format_number(number, decimals, language)
    if signed and round(number, decimals) > 0:
        text = "+" + text
    return f"{text}{NBSP}%"


def vega_locale(language: str | None = None) -> str:
    return "sv-SE" if (language or get_language() or "sv")[:2] == "sv" else "en-GB"
