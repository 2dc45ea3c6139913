"""Numbers as people read them: sv-SE on Swedish pages ("1 234 567", "12,5 %"), en otherwise."""

from django.utils.translation import get_language

NBSP = "\u00a0"


def format_number(value, decimals: int = 0, language: str | None = None) -> str:
    """Group thousands and set the decimal mark for the language; '–' for no value."""
    if value is None or value == "":
        return "–"
    language = (language or get_language() or "sv")[:2]
    number = float(value)
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
    text = format_number(value, decimals, language)
    if signed and round(float(value), decimals) > 0:
        text = "+" + text
    return f"{text}{NBSP}%"


def vega_locale(language: str | None = None) -> str:
    return "sv-SE" if (language or get_language() or "sv")[:2] == "sv" else "en-GB"
