"""`samverkan backup FILE`: a consistent copy of the database, taken while the site serves."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from ._database import (
    live_summary,
    pg_command_line,
    pg_run,
    pg_tool,
    size_text,
    sqlite_check,
    sqlite_copy,
    sqlite_open,
    sqlite_summary,
)


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database to FILE while the site keeps serving: SQLite's online "
        "backup, or pg_dump --format=custom on PostgreSQL. Restore it with `samverkan restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace FILE if it exists.")

    def handle(self, *args, **options):
        target: Path = options["file"].expanduser().absolute()
        if target.is_dir():
            raise CommandError(_("%(file)s is a folder; name the backup file to write.") % {"file": target})
        if target.exists() and not options["force"]:
            raise CommandError(
                _("%(file)s exists; name another file, or add --force to replace it.") % {"file": target}
            )
        if not target.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": target.parent})
        # Written beside the target and renamed when complete: FILE is never a half-written backup.
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        try:
            if connection.vendor == "sqlite":
                tables, releases = self._sqlite(partial)
            elif connection.vendor == "postgresql":
                tables, releases = self._postgresql(partial, target)
            else:
                raise CommandError(_("Backups are made for SQLite and PostgreSQL only."))
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(file)s: %(size)s, %(tables)d tables, %(releases)d releases.")
                % {"file": target, "size": size_text(target.stat().st_size), "tables": tables, "releases": releases}
            )
        )

    def _sqlite(self, partial: Path) -> tuple[int, int]:
        """SQLite's online backup in one step: one read snapshot, while the site's writers go on (WAL)."""
        connection.ensure_connection()
        copy = sqlite_open(partial)
        try:
            sqlite_copy(connection.connection, copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            check = sqlite_check(copy)
            if check != "ok":
                raise CommandError(_("The copy failed SQLite's check: %(check)s") % {"check": check})
            return sqlite_summary(copy)
        finally:
            copy.close()

    def _postgresql(self, partial: Path, target: Path) -> tuple[int, int]:
        """pg_dump's custom format: one snapshot, restored with pg_restore into a fresh database."""
        name = connection.settings_dict["NAME"]
        pg_dump = pg_tool("pg_dump", pg_command_line("pg_dump", "--format=custom", f"--file={target}", name))
        pg_restore = pg_tool("pg_restore", pg_command_line("pg_restore", "--list", str(target)))
        _tables, releases = live_summary()
        pg_run([pg_dump, "--format=custom", f"--file={partial}"])
        contents = pg_run([pg_restore, "--list", str(partial)])
        tables = sum(1 for line in contents.splitlines() if " TABLE DATA " in line)
        return tables, releases
