"""Text helpers shared by search and importers."""

import unicodedata

from django.utils.translation import get_language


def search_key(text: str) -> str:
    """Fold case and diacritics so that "Jonkoping" finds "Jönköping"."""
    # Decompose before and after folding: some letters (such as "ℙ") only fold once decomposed.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("-", " ").split())


# Swedish order: å, ä and ö are letters of their own after z (æ sorts as ä, ø as ö); other accents are
# ignored (é as e), as in the Swedish Academy's word list and ICU's Swedish collation.
_SWEDISH_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def swedish_key(text: str) -> str:
    """A sort key putting names in Swedish order: A, Å, Ä, O, Ö (Österåker after Nynäshamn, before Salem)."""
    folded = unicodedata.normalize("NFC", text.casefold()).translate(_SWEDISH_LETTERS)
    return "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))


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
