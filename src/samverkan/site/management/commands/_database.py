"""What `backup` and `restore` share: the database's own copy tools, and how to tell what a copy holds."""

import os
import shlex
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.sqlite3._functions import register
from django.utils.translation import gettext as _

from samverkan.sources.models import Release


def release_table() -> str:
    return Release._meta.db_table


SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


def file_header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(16)


def sqlite_open(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain connection to a database file, with the SQL functions Django's CHECK constraints call."""
    database = sqlite3.connect(f"{path.as_uri()}?mode=ro" if read_only else str(path), uri=read_only)
    register(database)
    return database


LOCK_WAIT_SECONDS = 60


def sqlite_copy(source: sqlite3.Connection, destination: sqlite3.Connection) -> None:
    """SQLite's backup API in one step (one consistent snapshot), giving up if the database stays locked."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS

    def progress(status: int, remaining: int, total: int) -> None:
        # SQLite retries a locked database without end; a minute is plenty for an import to commit.
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise CommandError(
                _("The database stayed locked for %(seconds)d s; nothing was copied.") % {"seconds": LOCK_WAIT_SECONDS}
            )

    source.backup(destination, progress=progress)


def sqlite_check(database: sqlite3.Connection) -> str:
    """SQLite's own check of every page and index: "ok", or what is wrong."""
    return "; ".join(row[0] for row in database.execute("PRAGMA quick_check"))


def sqlite_summary(database: sqlite3.Connection) -> tuple[int, int]:
    """Tables and releases in an SQLite database (a backup or the live one)."""
    tables = [
        name
        for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    ]
    releases = 0
    if release_table() in tables:
        releases = database.execute(f'SELECT count(*) FROM "{release_table()}"').fetchone()[0]  # noqa: S608
    return len(tables), releases


def live_summary() -> tuple[int, int]:
    """Tables and releases in the database Django is configured for."""
    tables = connection.introspection.table_names()
    releases = Release.objects.count() if release_table() in tables else 0
    return len(tables), releases


def pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database, so no password appears on a command line."""
    database = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def pg_command_line(program: str, *args: str) -> str:
    """The command an operator would type, with the connection spelled out (the password left to PGPASSWORD)."""
    database = connection.settings_dict
    words = [program]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            words.append(f"{option}={database[key]}")
    words.extend(args)
    return shlex.join(words)


def pg_tool(program: str, fallback: str) -> str:
    """The PostgreSQL client program's path, or a refusal that gives the command to run by hand."""
    path = shutil.which(program)
    if path is None:
        raise CommandError(
            _(
                "%(program)s was not found on PATH. Install PostgreSQL's client programs (the server's major "
                "version or newer), or run it yourself: %(command)s"
            )
            % {"program": program, "command": fallback}
        )
    return path


def pg_run(arguments: list[str]) -> str:
    """Run pg_dump or pg_restore; a failure is refused with what the program said."""
    result = subprocess.run(arguments, env=pg_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        said = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise CommandError(
            _("%(program)s failed (exit code %(code)d): %(said)s")
            % {"program": Path(arguments[0]).name, "code": result.returncode, "said": said}
        )
    return result.stdout


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"
