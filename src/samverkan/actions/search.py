"""Full-text search over actions in the database's own engine, Swedish and English stemming alike.

PostgreSQL: `to_tsvector` with the `swedish` and `english` configurations, stored in generated
columns, each with a GIN index. SQLite: an FTS5 table of the Snowball stems (PyStemmer: the
same algorithms as PostgreSQL's dictionaries) of each action's words, kept up to date by the
writes in services.py. `matching()` is the one interface; the rest of the code never asks
which database it runs on.

Swedish writes compounds as one word: a word of four letters or more (by its stem) also finds the
compounds that start with it, and the bundled glossary (glossary.py) carries a Swedish word to the
English terms of the JRC's actions and back. Results rank a direct match first, then a compound's,
then a glossary's.
"""

import re
from dataclasses import dataclass

import Stemmer
from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from . import glossary
from .models import Action

FTS_TABLE = "actions_action_fts"
WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {"swedish": Stemmer.Stemmer("swedish"), "english": Stemmer.Stemmer("english")}


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text or "")]


def stems(text: str) -> str:
    """Every word's Swedish and English stem, for the SQLite index."""
    tokens = words(text)
    found = set(tokens)
    for stemmer in _STEMMERS.values():
        found.update(stemmer.stemWords(tokens))
    return " ".join(sorted(found))


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reindex(actions) -> None:
    """Bring the SQLite index up to date for these actions (PostgreSQL indexes the columns themselves)."""
    if is_postgresql():
        return
    rows = [(a.pk, stems(f"{a.title} {a.description}")) for a in actions]
    if not rows:
        return
    with connection.cursor() as cursor:
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join('%s' for _ in chunk)})", chunk)
        cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, words) VALUES (%s, %s)", rows)


@dataclass(frozen=True)
class Term:
    """One word of a query and what else it may match: its stem's compounds and the glossary's terms."""

    word: str
    compounds: bool  # its Swedish stem is long enough to stand for the compounds that start with it
    english: tuple[str, ...]  # the glossary's English terms for it (a Swedish word)
    swedish: tuple[str, ...]  # the glossary's Swedish terms giving it (an English word)


# How far a search reaches, each level adding to the one before: every word as itself (or its stem),
# then Swedish compounds by their start ("fordon" finds "fordonsflotta"), then the glossary's terms.
DIRECT, COMPOUNDS, GLOSSARY = 0, 1, 2


def terms(query: str) -> list[Term]:
    """The query's first 20 distinct words, each with its compounds and glossary terms."""
    found = []
    for word in dict.fromkeys(words(query)[:20]):
        compounds = len(_STEMMERS["swedish"].stemWord(word)) >= glossary.SHORTEST_PREFIX
        found.append(Term(word, compounds, glossary.english_terms(word), glossary.swedish_terms(word)))
    return found


def _fts5_forms(word: str) -> list[str]:
    forms = {word} | {stemmer.stemWord(word) for stemmer in _STEMMERS.values()}
    return [f'"{form}"' for form in sorted(forms)]


def _fts5_prefix(word: str) -> str:
    stem = _STEMMERS["swedish"].stemWord(word)
    return f'"{stem}"*' if len(stem) >= glossary.SHORTEST_PREFIX else f'"{stem}"'


def _fts5_query(query_terms: list[Term], level: int, *, any_word: bool = False) -> str:
    """Each word (or any, with `any_word`) must match, as itself or its Swedish or English stem, and up to
    `level` as the start of a Swedish compound or through the glossary."""
    groups = []
    for term in query_terms:
        forms = _fts5_forms(term.word)
        if level >= COMPOUNDS and term.compounds:
            forms.append(_fts5_prefix(term.word))
        if level >= GLOSSARY:
            forms += [_fts5_prefix(swedish) for swedish in term.swedish]
            for english in term.english:
                parts = ["(" + " OR ".join(_fts5_forms(part)) + ")" for part in words(english)]
                forms.append("(" + " AND ".join(parts) + ")")
        groups.append("(" + " OR ".join(dict.fromkeys(forms)) + ")")
    return (" OR " if any_word else " AND ").join(groups)


def _tsquery(query_terms: list[Term], level: int, config: str) -> str:
    """The text of a tsquery for `to_tsquery(config, ...)`, which stems each word itself and drops its stop words.

    Swedish: each word, up to `level` also as the start of a compound and the glossary's Swedish terms.
    English: each word, up to `level` also the glossary's English terms (all words of a term).
    """
    groups = []
    for term in query_terms:
        if config == "swedish":
            forms = [f"'{term.word}':*" if level >= COMPOUNDS and term.compounds else f"'{term.word}'"]
            if level >= GLOSSARY:
                forms += [f"'{swedish}':*" for swedish in term.swedish]
        else:
            forms = [f"'{term.word}'"]
            if level >= GLOSSARY:
                forms += ["(" + " & ".join(f"'{part}'" for part in words(english)) + ")" for english in term.english]
        groups.append("(" + " | ".join(dict.fromkeys(forms)) + ")")
    return " & ".join(groups)


def _levels(query_terms: list[Term]) -> list[int]:
    """The levels that reach further than the one before for this query (DIRECT always)."""
    levels = [DIRECT]
    if any(term.compounds for term in query_terms):
        levels.append(COMPOUNDS)
    if any(term.english or term.swedish for term in query_terms):
        levels.append(GLOSSARY)
    return levels


def _pg_match(query_terms: list[Term], level: int) -> tuple[str, list]:
    return (
        "(actions_action.search_swedish @@ to_tsquery('swedish', %s)"
        " OR actions_action.search_english @@ to_tsquery('english', %s))",
        [_tsquery(query_terms, level, "swedish"), _tsquery(query_terms, level, "english")],
    )


def _pg_relevance(query_terms: list[Term]) -> tuple[str, list]:
    """Higher is better: a direct match before a compound's, before a glossary's; then PostgreSQL's ts_rank."""
    levels = _levels(query_terms)
    swedish, english = _tsquery(query_terms, levels[-1], "swedish"), _tsquery(query_terms, levels[-1], "english")
    sql = (
        "ts_rank(actions_action.search_swedish, to_tsquery('swedish', %s))"
        " + ts_rank(actions_action.search_english, to_tsquery('english', %s))"
    )
    params = [swedish, english]
    for position, level in enumerate(levels[:-1]):  # ts_rank is below 1 each, so the levels decide first
        match, match_params = _pg_match(query_terms, level)
        sql = f"{10 * (len(levels) - 1 - position)} * {match}::int + {sql}"
        params = match_params + params
    return sql, params


def _ids_sql(
    query: str, *, any_word: bool = False, within: QuerySet | None = None, ordered: bool = True
) -> tuple[str, list]:
    """SQL selecting the ids of the matching actions, best first (with `ordered`), with its parameters.

    Every word must match (as itself, a compound's start or through the glossary), or with `any_word`
    one of them as itself (for "similar actions"); `within` narrows the ids to a queryset's actions
    inside the same statement.
    """
    narrow, narrow_params = "", []
    if within is not None:
        inner, inner_params = within.order_by().values("pk").query.sql_with_params()
        # SQLite: "+rowid" keeps FTS5 from driving the search by the thousands of rowids (one MATCH each, 0.5 s);
        # the index answers the words first and the list only filters them.
        narrow, narrow_params = f" AND {'id' if is_postgresql() else '+rowid'} IN ({inner})", list(inner_params)
    query_terms = terms(query)
    levels = [DIRECT] if any_word else _levels(query_terms)
    if is_postgresql():  # search_swedish and search_english: stored tsvector columns (migration 0003)
        if any_word:  # the words are \w+ tokens, so joining them with | makes a valid tsquery
            text = " | ".join(term.word for term in query_terms)
            swedish, english = "to_tsquery('swedish', %s)", "to_tsquery('english', %s)"
            return (
                f"SELECT id FROM actions_action WHERE (search_swedish @@ {swedish} OR search_english @@ {english})"
                f"{narrow} ORDER BY ts_rank(search_swedish, {swedish}) + ts_rank(search_english, {english}) DESC, id",
                [text, text, *narrow_params, text, text],
            )
        match, match_params = _pg_match(query_terms, levels[-1])
        sql, params = f"SELECT id FROM actions_action WHERE {match}{narrow}", [*match_params, *narrow_params]
        if ordered:
            relevance, relevance_params = _pg_relevance(query_terms)
            sql, params = f"{sql} ORDER BY {relevance} DESC, id", [*params, *relevance_params]
        return sql, params
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{narrow}"
    params = [_fts5_query(query_terms, levels[-1], any_word=any_word), *narrow_params]
    if ordered:
        order = ""
        for level in levels[:-1]:  # a direct match before a compound's, before a glossary's; then bm25
            order += f"rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) DESC, "
            params.append(_fts5_query(query_terms, level))
        sql += f" ORDER BY {order}bm25({FTS_TABLE}), rowid"
    return sql, params


def ranked_ids(
    query: str, *, any_word: bool = False, within: QuerySet | None = None, offset: int = 0, limit: int | None = None
) -> list[int]:
    """The matching actions' ids, the most relevant first: one query on the index.

    `within` narrows them to a queryset's actions and `offset`/`limit` take a page, inside the same query,
    so that no long list of ids comes back to Python.
    """
    if not words(query):
        return []
    sql, params = _ids_sql(query, any_word=any_word, within=within)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def count(query: str, within: QuerySet) -> int:
    """How many of a queryset's actions match every word of the query."""
    if not words(query):
        return 0
    return matching(within, query).order_by().count()


def matching(actions: QuerySet, query: str) -> QuerySet:
    """The actions matching every word of the query (itself or its stem, a compound's start, the glossary's terms)."""
    if not words(query):
        return actions.none()
    sql, params = _ids_sql(query, ordered=False)
    return actions.filter(pk__in=RawSQL(sql, params))


def ranked(actions: QuerySet, query: str) -> QuerySet | None:
    """The matching actions annotated with `relevance` (higher is better), for one query that filters,
    ranks and pages together; None where the engine cannot rank inside the query (SQLite's FTS5
    ranks only in its own table, so there `ranked_ids` is used)."""
    if not is_postgresql():
        return None
    if not words(query):  # only signs ("*"): nothing found, with the column the caller orders by
        return actions.none().annotate(relevance=Value(0.0, output_field=FloatField()))
    query_terms = terms(query)
    match, match_params = _pg_match(query_terms, _levels(query_terms)[-1])
    relevance, relevance_params = _pg_relevance(query_terms)
    return actions.filter(RawSQL(match, match_params, output_field=BooleanField())).annotate(
        relevance=RawSQL(relevance, relevance_params, output_field=FloatField())
    )


def after_bulk_load() -> None:
    """Fresh statistics after a bulk import: without them PostgreSQL scans every row instead of the GIN indexes."""
    if is_postgresql():
        with connection.cursor() as cursor:
            for table in ("actions_action", "actions_actionplan", "places_organization"):
                cursor.execute(f"ANALYZE {table}")


def forget(action_ids) -> None:
    """Drop deleted actions from the SQLite index."""
    if is_postgresql() or not action_ids:
        return
    ids = list(action_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join('%s' for _ in ids)})", ids)


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance])


def _deleted(sender, instance, **kwargs):
    forget([instance.pk])


def connect_signals() -> None:
    """Every save of an action, from services, the admin or the shell, keeps the SQLite index current."""

    post_save.connect(_saved, sender=Action, dispatch_uid="actions-search-saved")
    post_delete.connect(_deleted, sender=Action, dispatch_uid="actions-search-deleted")
