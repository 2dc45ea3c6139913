"""Full-text search over actions in the database's own engine, Swedish and English stemming alike.

PostgreSQL: `to_tsvector` with the `swedish` and `english` configurations, stored in generated
columns, each with a GIN index. SQLite: an FTS5 table of the Snowball stems (PyStemmer: the
same algorithms as PostgreSQL's dictionaries) of each action's words, kept up to date by the
writes in services.py. `matching()` is the one interface; the rest of the code never asks
which database it runs on.
"""

import re

import Stemmer
from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

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


def _fts5_query(query: str, *, any_word: bool = False) -> str:
    """Each word of the query (or any, with `any_word`) must match, as itself or its Swedish or English stem."""
    terms = []
    for word in dict.fromkeys(words(query)[:20]):
        forms = {word} | {stemmer.stemWord(word) for stemmer in _STEMMERS.values()}
        terms.append("(" + " OR ".join(f'"{form}"' for form in sorted(forms)) + ")")
    return (" OR " if any_word else " AND ").join(terms)


def _ids_sql(query: str, *, any_word: bool = False, within: QuerySet | None = None) -> tuple[str, list]:
    """SQL selecting the ids of the matching actions, best first, with its parameters.

    Every word must match, or with `any_word` one of them (for "similar actions"); `within` narrows the
    ids to a queryset's actions inside the same statement.
    """
    narrow, narrow_params = "", []
    if within is not None:
        inner, inner_params = within.order_by().values("pk").query.sql_with_params()
        # SQLite: "+rowid" keeps FTS5 from driving the search by the thousands of rowids (one MATCH each, 0.5 s);
        # the index answers the words first and the list only filters them.
        narrow, narrow_params = f" AND {'id' if is_postgresql() else '+rowid'} IN ({inner})", list(inner_params)
    if is_postgresql():  # search_swedish and search_english: stored tsvector columns (migration 0003)
        if any_word:  # the words are \w+ tokens, so joining them with | makes a valid tsquery
            text = " | ".join(dict.fromkeys(words(query)[:20]))
            function = "to_tsquery"
        else:
            text, function = query, "plainto_tsquery"
        swedish, english = f"{function}('swedish', %s)", f"{function}('english', %s)"
        return (
            f"SELECT id FROM actions_action WHERE (search_swedish @@ {swedish} OR search_english @@ {english})"
            f"{narrow} ORDER BY ts_rank(search_swedish, {swedish}) + ts_rank(search_english, {english}) DESC, id",
            [text, text, *narrow_params, text, text],
        )
    return (
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{narrow} ORDER BY bm25({FTS_TABLE}), rowid",
        [_fts5_query(query, any_word=any_word), *narrow_params],
    )


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
    """The actions matching every word of the query (each word as itself or its Swedish or English stem)."""
    if not words(query):
        return actions.none()
    sql, params = _ids_sql(query)
    return actions.filter(pk__in=RawSQL(sql, params))


def ranked(actions: QuerySet, query: str) -> QuerySet | None:
    """The matching actions annotated with `relevance` (higher is better), for one query that filters,
    ranks and pages together; None where the engine cannot rank inside the query (SQLite's FTS5
    ranks only in its own table, so there `ranked_ids` is used)."""
    if not is_postgresql():
        return None
    if not words(query):
        return actions.none()
    swedish, english = "plainto_tsquery('swedish', %s)", "plainto_tsquery('english', %s)"
    matches = RawSQL(
        f"actions_action.search_swedish @@ {swedish} OR actions_action.search_english @@ {english}",
        [query, query],
        output_field=BooleanField(),
    )
    return actions.filter(matches).annotate(
        relevance=RawSQL(
            f"ts_rank(actions_action.search_swedish, {swedish}) + ts_rank(actions_action.search_english, {english})",
            [query, query],
            output_field=FloatField(),
        )
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
