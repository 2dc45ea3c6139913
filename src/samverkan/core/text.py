"""Text helpers shared by search and importers."""

import unicodedata


def search_key(text: str) -> str:
    """Fold case and diacritics so that "Jonkoping" finds "Jönköping"."""
    # Decompose before and after folding: some letters (such as "ℙ") only fold once decomposed.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("-", " ").split())
