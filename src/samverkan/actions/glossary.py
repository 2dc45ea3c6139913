"""The bundled Swedish–English glossary of climate-action terms (`data/actions/glossary.csv`, see SOURCES.md).

It widens a library search across the two languages: a Swedish word finds the JRC's English actions
through its English terms ("cykel": bicycle, bike, cycling …), and an English word finds Swedish actions
through the Swedish terms that give it. A Swedish word is looked up by its stem, and a compound by the
longest term it starts with ("solcellsanläggning" by "solcell").
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import Stemmer
from django.conf import settings

GLOSSARY = "actions/glossary.csv"
SHORTEST_PREFIX = 4  # a term this long or longer also names the compounds that start with it
_WORD = re.compile(r"^\w+$", re.UNICODE)
_SWEDISH, _ENGLISH = Stemmer.Stemmer("swedish"), Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Entry:
    swedish: str
    english: tuple[str, ...]  # terms of one or more words; every word of a term must occur


@cache
def entries(path: Path | None = None) -> dict[str, Entry]:
    """The glossary by the Swedish stem of each term; a malformed row is refused, naming it."""
    path = path or Path(settings.BUNDLED_DATA_DIR) / GLOSSARY
    found: dict[str, Entry] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            swedish = (row.get("swedish") or "").strip().lower()
            english = tuple(t.strip().lower() for t in (row.get("english") or "").split(";") if t.strip())
            if not _WORD.match(swedish) or not english:
                raise ValueError(f"{path.name}, row {number}: a Swedish word and at least one English term are needed.")
            found[_SWEDISH.stemWord(swedish)] = Entry(swedish, english)
    return found


@cache
def _by_english_word() -> dict[str, tuple[str, ...]]:
    """The Swedish terms for each one-word English term, by its English stem."""
    swedish: dict[str, list[str]] = {}
    for entry in entries().values():
        for term in entry.english:
            if _WORD.match(term):
                swedish.setdefault(_ENGLISH.stemWord(term), []).append(entry.swedish)
    return {stem: tuple(dict.fromkeys(terms)) for stem, terms in swedish.items()}


def english_terms(word: str) -> tuple[str, ...]:
    """The English terms of a (lower-case) Swedish word: its own entry's, else the longest term it starts with."""
    stem = _SWEDISH.stemWord(word)
    glossary = entries()
    if stem in glossary:
        return glossary[stem].english
    for end in range(len(stem) - 1, SHORTEST_PREFIX - 1, -1):
        if stem[:end] in glossary:
            return glossary[stem[:end]].english
    return ()


def swedish_terms(word: str) -> tuple[str, ...]:
    """The Swedish terms whose English terms include this (lower-case) English word."""
    return _by_english_word().get(_ENGLISH.stemWord(word), ())
