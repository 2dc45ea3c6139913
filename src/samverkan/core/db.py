"""Fast bulk writes for importers: COPY on PostgreSQL, executemany elsewhere; inside the caller's transaction."""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import F
from django.db.models.expressions import Expression
from django.db.models.functions import Collate

from .text import swedish_key

# PostgreSQL's ICU collation for Swedish (predefined where PostgreSQL is built with ICU, as on every
# supported distribution); SQLite gets a collation of the same name registered on each connection.
SWEDISH_COLLATION = "sv-x-icu"


def swedish(field: str | Expression) -> Collate:
    """An expression ordering a text field in Swedish order: `order_by(swedish("name"))` on either database."""
    return Collate(F(field) if isinstance(field, str) else field, SWEDISH_COLLATION)


def _compare_swedish(left: str, right: str) -> int:
    a, b = swedish_key(left), swedish_key(right)
    return (a > b) - (a < b) or (left > right) - (left < right)


def register_swedish_collation(sender, connection, **kwargs) -> None:
    """`connection_created`: SQLite learns the Swedish collation that `swedish()` names."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SWEDISH_COLLATION, _compare_swedish)


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert plain tuples into a table, bypassing model instances (hundreds of thousands of rows a second)."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3's cursor, for COPY
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                # Names come from model metadata and are quoted; the values are parameters.
                f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})",  # noqa: S608
                list(rows),
            )


def relaxed_commit() -> None:
    """Inside an import's transaction on PostgreSQL: don't wait for the commit to reach the disk.

    A crash in the moment after commit can lose the last import (never corrupt anything); the
    import is then simply run again, as imports refuse only files already present. This saves
    about half a second per import on a slow disk.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # Django's foreign keys are deferred to commit; checked row by row they cost less.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
