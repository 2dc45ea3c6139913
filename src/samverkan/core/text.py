"""Text helpers shared by search and importers."""

import unicodedata

from django.utils.translation import get_language


def search_key(text: str) -> str:
    """Fold case and diacritics so that "Jonkoping" finds "Jönköping"."""
    # Decompose before and after folding: some letters (such as "ℙ") only fold once decomposed.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("-", " ").split())


def in_language(swedish: str, english: str) -> str:
    """The English text on English pages when there is one; the Swedish otherwise."""
    return english if english and get_language() == "en" else swedish


def language_of(swedish: str, english: str) -> str:
    """The language ("sv" or "en") of the text in_language(swedish, english) gives, for marking it with `lang`."""
    return "en" if english and get_language() == "en" else "sv"


class BilingualName:
    """`display_name` for records with `name` and `name_en`."""

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)
