"""`samverkan restore FILE`: put a backup made by `samverkan backup` back, into an empty database."""

import sqlite3
from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from ._database import (
    PG_DUMP_HEADER,
    SQLITE_HEADER,
    file_header,
    live_summary,
    pg_command_line,
    pg_run,
    pg_tool,
    release_table,
    sqlite_check,
    sqlite_copy,
    sqlite_open,
    sqlite_summary,
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `samverkan backup` into the configured database. Refuses a database "
        "that already has tables unless --force (SQLite only; on PostgreSQL restore into a fresh database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="SQLite: replace everything in a database that has data."
        )

    def handle(self, *args, **options):
        source: Path = options["file"].expanduser().absolute()
        if not source.is_file():
            raise CommandError(_("There is no file at %(path)s.") % {"path": source})
        header = file_header(source)
        if connection.vendor == "sqlite":
            tables, releases = self._sqlite(source, header, force=options["force"])
        elif connection.vendor == "postgresql":
            tables, releases = self._postgresql(source, header)
        else:
            raise CommandError(_("Backups are restored for SQLite and PostgreSQL only."))
        cache.clear()  # rendered charts and rankings of the data that was there before
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(file)s: %(tables)d tables, %(releases)d releases. Start the site with `samverkan serve`.")
                % {"file": source, "tables": tables, "releases": releases}
            )
        )

    def _sqlite(self, source: Path, header: bytes, *, force: bool) -> tuple[int, int]:
        if not header.startswith(SQLITE_HEADER):
            raise CommandError(
                _("%(file)s is not an SQLite database, so not a backup of Samverkan on SQLite.") % {"file": source}
            )
        backup = sqlite_open(source, read_only=True)
        try:
            check = sqlite_check(backup)
            if check != "ok":
                raise CommandError(_("%(file)s is damaged: %(check)s") % {"file": source, "check": check})
            tables, releases = sqlite_summary(backup)
            if not backup.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [release_table()]
            ).fetchone():
                raise CommandError(_("%(file)s is an SQLite database, but not Samverkan's.") % {"file": source})
            self._refuse_data(force=force)
            connection.ensure_connection()
            # The backup API writes under SQLite's own locks, so a serving site sees the old or the new data.
            sqlite_copy(backup, connection.connection)
        except sqlite3.Error as error:
            raise CommandError(_("Restoring %(file)s failed: %(error)s") % {"file": source, "error": error}) from error
        finally:
            backup.close()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
        return tables, releases

    def _postgresql(self, source: Path, header: bytes) -> tuple[int, int]:
        if not header.startswith(PG_DUMP_HEADER):
            raise CommandError(
                _("%(file)s is not a pg_dump archive (--format=custom), so not a backup of Samverkan on PostgreSQL.")
                % {"file": source}
            )
        name = connection.settings_dict["NAME"]
        arguments = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", f"--dbname={name}"]
        pg_restore = pg_tool("pg_restore", pg_command_line("pg_restore", *arguments, str(source)))
        tables, releases = live_summary()
        if tables:
            raise CommandError(
                _(
                    "The database %(name)s already has %(tables)d tables (%(releases)d releases). On PostgreSQL a "
                    "backup is restored into a fresh database: createdb NEW, then %(command)s, then point "
                    "DATABASE_URL at NEW."
                )
                % {
                    "name": name,
                    "tables": tables,
                    "releases": releases,
                    "command": pg_command_line("pg_restore", *arguments[:-1], "--dbname=NEW", str(source)),
                }
            )
        connection.close()
        pg_run([pg_restore, *arguments, str(source)])
        return live_summary()

    def _refuse_data(self, *, force: bool) -> None:
        tables, releases = live_summary()
        if tables and not force:
            raise CommandError(
                _(
                    "The database %(name)s already has %(tables)d tables (%(releases)d releases). Restoring replaces "
                    "all of it: stop the site and add --force, or restore into a fresh SAMVERKAN_HOME."
                )
                % {"name": connection.settings_dict["NAME"], "tables": tables, "releases": releases}
            )
