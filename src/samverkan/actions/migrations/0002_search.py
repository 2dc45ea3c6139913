"""The full-text index of actions: GIN indexes on PostgreSQL, an FTS5 table on SQLite (see search.py)."""

from django.db import migrations

DOCUMENT = "coalesce(title, '') || ' ' || coalesce(description, '')"


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for config in ("swedish", "english"):
                cursor.execute(
                    f"CREATE INDEX actions_action_{config}_fts ON actions_action "
                    f"USING gin (to_tsvector('{config}', {DOCUMENT}))"
                )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE actions_action_fts USING fts5(words, tokenize = 'unicode61 remove_diacritics 0')"
            )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS actions_action_swedish_fts")
            cursor.execute("DROP INDEX IF EXISTS actions_action_english_fts")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS actions_action_fts")


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
