"""PostgreSQL: the Swedish and English tsvectors as stored generated columns, so ranking reads them, not recomputes.

SQLite keeps its FTS5 table (0002). Django does not know these columns; the database fills them.
"""

from django.db import migrations

DOCUMENT = "coalesce(title, '') || ' ' || coalesce(description, '')"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for config in ("swedish", "english"):
            cursor.execute(f"DROP INDEX IF EXISTS actions_action_{config}_fts")
            cursor.execute(
                f"ALTER TABLE actions_action ADD COLUMN search_{config} tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('{config}', {DOCUMENT})) STORED"
            )
            cursor.execute(
                f"CREATE INDEX actions_action_{config}_fts ON actions_action USING gin (search_{config}) "
                "WITH (fastupdate = off)"  # searches need not read a pending list after a bulk import
            )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for config in ("swedish", "english"):
            cursor.execute(f"DROP INDEX IF EXISTS actions_action_{config}_fts")
            cursor.execute(f"ALTER TABLE actions_action DROP COLUMN IF EXISTS search_{config}")
            cursor.execute(
                f"CREATE INDEX actions_action_{config}_fts ON actions_action USING gin (to_tsvector('{config}', {DOCUMENT}))"
            )


class Migration(migrations.Migration):
    dependencies = [("actions", "0002_search")]
    operations = [migrations.RunPython(create, drop)]
