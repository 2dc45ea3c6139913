"""`samverkan backup` and `samverkan restore`: a copy taken while the site serves gives back the same site."""

import sqlite3
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from samverkan.sources.models import Release
from tests.conftest import suite_on_postgres
from tests.core.conftest import get


def test_a_backup_taken_while_the_site_serves_restores_to_identical_answers(restored_site):
    assert len(restored_site.paths) == 20
    assert len(restored_site.served_during_backup) > 0
    assert set(restored_site.served_during_backup) == {200}
    assert "12 utgåvor" in restored_site.backup_output
    for path in restored_site.paths:
        assert restored_site.original[path][0] == 200, path
        assert restored_site.restored[path] == restored_site.original[path], path


def test_the_restored_site_needed_no_setup(restored_site):
    log = restored_site.site.log.read_text()
    assert "Databasen är aktuell; inga data att läsa in." in log
    assert "Läser in medföljande data" not in log


def _restore(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samverkan", "restore", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_restore_refuses_a_database_with_data_and_replaces_it_only_with_force(restored_site):
    site = restored_site.site
    refused = _restore(site.env, str(restored_site.backup))
    assert refused.returncode == 1
    if suite_on_postgres():
        assert "i en ny databas: createdb NEW" in refused.stderr and "pg_restore" in refused.stderr
        return
    assert "har redan" in refused.stderr and "--force" in refused.stderr
    forced = _restore(site.env, "--force", str(restored_site.backup))
    assert forced.returncode == 0, forced.stderr
    assert "12 utgåvor" in forced.stdout
    # The site kept serving through the restore and answers from the backup's data.
    path = "/api/v1/municipalities/0680"
    assert get(site.url + path) == restored_site.original[path]


def test_the_backup_is_one_complete_file_and_says_what_it_holds(restored_site):
    backup = restored_site.backup
    assert f"Skrev {backup}: " in restored_site.backup_output and "12 utgåvor" in restored_site.backup_output
    assert list(backup.parent.iterdir()) == [backup]  # no partial file left beside it
    if suite_on_postgres():
        listing = subprocess.run(["pg_restore", "--list", str(backup)], capture_output=True, text=True, check=True)
        assert "TABLE DATA public sources_release" in listing.stdout
        return
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM sources_release").fetchone()[0] == 12
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # no -wal file to go with it


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_a_file_unless_forced(tmp_path, restored_site):
    target = tmp_path / "existing.backup"
    target.write_text("an earlier backup")
    with pytest.raises(CommandError, match="--force"):
        call_command("backup", str(target))
    assert target.read_text() == "an earlier backup"
    forced = subprocess.run(
        [sys.executable, "-m", "samverkan", "backup", "--force", str(target)],
        env=restored_site.site.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes()[:5] == (b"PGDMP" if suite_on_postgres() else b"SQLit")


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match=r"Mappen .*/missing finns inte"):
        call_command("backup", str(tmp_path / "missing" / "copy.backup"))


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_data(restored_site):
    before = Release.objects.count()
    with pytest.raises(CommandError, match=f"har redan .* tabeller \\({before} utgåvor\\)"):
        call_command("restore", str(restored_site.backup))
    assert Release.objects.count() == before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(settings):
    workbook = settings.BUNDLED_DATA_DIR / "scb/population-by-municipality-2025-12.xlsx"
    with pytest.raises(
        CommandError, match=r"population-by-municipality-2025-12\.xlsx är (ingen SQLite-databas|inget pg_dump)"
    ):
        call_command("restore", str(workbook))


def test_without_pg_dump_on_path_the_refusal_gives_the_command_to_run(monkeypatch, tmp_path):
    from samverkan.site.management.commands._database import pg_command_line, pg_tool

    monkeypatch.setenv("PATH", str(tmp_path))
    command = pg_command_line("pg_dump", "--format=custom", "--file=/backups/samverkan.dump", "samverkan")
    with pytest.raises(CommandError) as refusal:
        pg_tool("pg_dump", command)
    said = refusal.value.args[0]
    assert said.startswith("pg_dump finns inte i PATH") and said.endswith(": " + command)
    assert command.endswith("--format=custom --file=/backups/samverkan.dump samverkan")
    if suite_on_postgres():  # the connection of DATABASE_URL (its password stays in PGPASSWORD)
        assert "--host=" in command and "--username=" in command
