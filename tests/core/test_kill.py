"""kill -9 during an import, at several moments, against a served site's database: nothing changes."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from samverkan.site.management.commands._database import sqlite_check, sqlite_open
from tests.core.conftest import get
from tests.reference import covenant_rows

WORKBOOK = "gcom-mycovenant-signatories-2024.xlsx"
SIGNATORIES_ABROAD = 11904
IMPORT_NAME = "samverkan-import-under-test"
# Of them, those whose status in the JRC's list is in force (published or on hold): what the API's member_count
# counts, as it counts the Swedish signatories (9 662 published and 2 242 on hold).
IN_FORCE = {"published", "on_hold", "suspended"}


def _table_state(env: dict) -> dict[str, tuple[int, str]]:
    """Every table of the site's database: its row count and a digest of its rows (committed data only).

    A digest, not only a count: an import that died after changing rows in place (the Covenant
    import updates organizations it matches) would keep the count and change the content.
    """
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as database:
            tables = [
                name
                for (name,) in database.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
                )
            ]
            return {
                name: database.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM \"{name}\" t"
                ).fetchone()
                for name in tables
            }
    with sqlite3.connect(Path(env["SAMVERKAN_HOME"]) / "samverkan.sqlite3") as database:
        tables = [name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        state = {}
        for name in tables:
            rows = sorted(repr(row) for row in database.execute(f'SELECT * FROM "{name}"'))
            state[name] = (len(rows), hashlib.md5("\n".join(rows).encode()).hexdigest())
        return state


def _column(env: dict, sql: str) -> list:
    """The first column of a query on the site's database (committed data)."""
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as database:
            return [row[0] for row in database.execute(sql)]
    with sqlite3.connect(Path(env["SAMVERKAN_HOME"]) / "samverkan.sqlite3") as database:
        return [row[0] for row in database.execute(sql)]


def _writing(env: dict) -> bool:
    """Whether the import's transaction holds the database for writing (on PostgreSQL, the import's own
    connection, named by PGAPPNAME: autovacuum and ANALYZE after the restore hold transactions too)."""
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as database:
            writers = database.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = %s AND backend_xid IS NOT NULL",
                [IMPORT_NAME],
            ).fetchone()[0]
            return writers > 0
    probe = sqlite3.connect(Path(env["SAMVERKAN_HOME"]) / "samverkan.sqlite3", timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return True
    finally:
        probe.close()


def _connected(pid: int, env: dict) -> bool:
    """Whether the import has started Django and opened its database, before it reads the workbook."""
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as database:
            return (
                database.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = %s",
                    [IMPORT_NAME],
                ).fetchone()[0]
                > 0
            )
    return _has_open(pid, "samverkan.sqlite3")


def _has_open(pid: int, name: str) -> bool:
    folder = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(folder / fd).endswith(name) for fd in os.listdir(folder))
    except OSError:  # a descriptor closed while we looked
        return False


def _reading_workbook(pid: int) -> bool:
    return _has_open(pid, WORKBOOK)


class Import:
    """`samverkan import covenant-europe` as a user runs it in a terminal, its progress read as it comes."""

    def __init__(self, env: dict):
        # A terminal's progress display: rich redraws it as the import goes, not only at the end.
        env = {**env, "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "PGAPPNAME": IMPORT_NAME}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "samverkan", "import", "covenant-europe"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.output = b""
        self._reader = threading.Thread(target=self._read)
        self._reader.start()

    def _read(self):
        while chunk := os.read(self.process.stdout.fileno(), 65536):
            self.output += chunk

    def wait_until(self, moment: str, condition) -> None:
        deadline = time.monotonic() + 300
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f"the import ended before {moment}:\n{self.output.decode(errors='replace')}")
            assert time.monotonic() < deadline, f"no sign of {moment} within 300 s"
            time.sleep(0.01)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=60) == -signal.SIGKILL
        self._reader.join()


def _aborted(env: dict) -> None:
    """Wait until the killed import's transaction is gone (PostgreSQL rolls it back when it sees the client go)."""
    deadline = time.monotonic() + 120
    while _writing(env):
        assert time.monotonic() < deadline, "the killed import's transaction is still open after 120 s"
        time.sleep(0.05)


def _covenant_members(url: str) -> int:
    status, networks = get(url + "/api/v1/networks")
    assert status == 200
    return next(network["member_count"] for network in networks["items"] if network["slug"] == "borgmastaravtalet")


MOMENTS = {
    "connected to the database": lambda run, env: run.wait_until(
        "the database connection", lambda: _connected(run.process.pid, env)
    ),
    "reading the workbook": lambda run, env: run.wait_until(
        "reading the workbook", lambda: _reading_workbook(run.process.pid)
    ),
    "the load transaction begun": lambda run, env: run.wait_until("the load transaction", lambda: _writing(env)),
    "organizations written, memberships not yet": lambda run, env: run.wait_until(
        "the organizations' progress", lambda: b"Organisationer" in run.output
    ),
}


def test_an_import_killed_at_any_moment_changes_nothing_and_a_rerun_succeeds(restored_site):
    site = restored_site.site
    before = _table_state(site.env)
    members = _covenant_members(site.url)
    for moment, wait in MOMENTS.items():
        run = Import(site.env)
        wait(run, site.env)
        run.kill()
        _aborted(site.env)
        assert _table_state(site.env) == before, f"killed while {moment}"
        assert _covenant_members(site.url) == members, f"killed while {moment}"
        if not site.env.get("DATABASE_URL"):
            database = sqlite_open(Path(site.env["SAMVERKAN_HOME"]) / "samverkan.sqlite3", read_only=True)
            assert sqlite_check(database) == "ok", f"killed while {moment}"
            database.close()
    # The data brief's signatories abroad that match the list are organizations already (tests/actions/
    # test_data_brief_names.py): the import finds them by their id in the list instead of adding them again.
    abroad = [row for row in covenant_rows() if row["country_code"] != "se"]
    assert len(abroad) == SIGNATORIES_ABROAD
    listed = {str(row["organisation_id"]).removesuffix(".0") for row in abroad}
    known = len(listed & set(_column(site.env, "SELECT covenant_id FROM places_organization WHERE covenant_id <> ''")))
    assert known > 0
    output = site.command("import", "covenant-europe")
    assert f"Läste in {SIGNATORIES_ABROAD} undertecknare utanför Sverige" in output
    assert _covenant_members(site.url) == members + sum(1 for row in abroad if row["signatory_status"] in IN_FORCE)
    after = _table_state(site.env)
    assert after["places_organization"][0] == before["places_organization"][0] + SIGNATORIES_ABROAD - known
    assert after["networks_membership"][0] == before["networks_membership"][0] + SIGNATORIES_ABROAD
    assert after["sources_release"][0] == before["sources_release"][0] + 1
