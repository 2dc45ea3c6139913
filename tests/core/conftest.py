"""A backup of the served site, taken while it serves, restored into a fresh data directory and served there.

Shared by the backup and the kill tests: one backup, one restore, one second site per run.
"""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ServedSite, serving, site_database

# Twenty of the API's read operations, with real codes; ids are filled in from the served site's answers.
ENDPOINTS = [
    "/api/v1/municipalities?limit=500",
    "/api/v1/municipalities/0680",
    "/api/v1/counties",
    "/api/v1/counties/06",
    "/api/v1/emission-releases",
    "/api/v1/municipalities/0180/emissions",
    "/api/v1/counties/01/emissions?release=klimatkollen-2025",
    "/api/v1/sweden/emissions",
    "/api/v1/emissions/ranking?year=2023&per_capita=true",
    "/api/v1/progress?sector=transporter",
    "/api/v1/municipalities/0680/progress",
    "/api/v1/targets/{target}",
    "/api/v1/networks",
    "/api/v1/networks/borgmastaravtalet/members?country=SE",
    "/api/v1/networks/klimatkommunerna/criteria",
    "/api/v1/organizations/{organization}/networks",
    "/api/v1/actions?q=insulation",
    "/api/v1/actions/{action}",
    "/api/v1/indicators/{indicator}",
    "/api/v1/municipalities/0680/indicators",
]


def get(url: str) -> tuple[int, object]:
    """Status and decoded JSON body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def endpoint_paths(url: str) -> list[str]:
    """The twenty paths, with real ids of a target, an organization, an action and an indicator."""
    progress = get(url + "/api/v1/municipalities/0680/progress")[1]
    ids = {
        "target": progress["targets"][0]["id"],
        "organization": get(url + "/api/v1/municipalities/0680")[1]["organization"]["id"],
        "action": get(url + "/api/v1/actions?q=insulation")[1]["items"][0]["id"],
        "indicator": get(url + "/api/v1/indicators")[1]["items"][0]["slug"],
    }
    return [path.format(**ids) for path in ENDPOINTS]


def answers(url: str, paths: list[str]) -> dict[str, tuple[int, object]]:
    return {path: get(url + path) for path in paths}


@dataclass(frozen=True)
class Restored:
    backup: Path
    backup_output: str
    served_during_backup: list[int]  # the statuses the served site answered while the backup ran
    paths: list[str]
    original: dict  # the served site's answers, before the backup
    restored: dict  # the restored site's answers, as it first started
    site: ServedSite  # serving the restored data directory (and database)


@pytest.fixture(scope="session")
def restored_site(served_site, tmp_path_factory):
    """`samverkan backup` while the site answers requests, `samverkan restore` into a fresh data directory
    (a fresh PostgreSQL database on PostgreSQL), then `samverkan serve` there."""
    paths = endpoint_paths(served_site.url)
    original = answers(served_site.url, paths)
    backup = tmp_path_factory.mktemp("backup") / "samverkan.backup"
    statuses: list[int] = []
    done = threading.Event()

    def keep_asking():
        while not done.is_set():
            for path in paths[:5]:
                statuses.append(get(served_site.url + path)[0])

    asking = threading.Thread(target=keep_asking)
    asking.start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "samverkan", "backup", str(backup)],
            env=served_site.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        done.set()
        asking.join()
    assert result.returncode == 0, result.stdout + result.stderr
    with site_database(tmp_path_factory.mktemp("restored-home"), "restored") as env:
        restore = subprocess.run(
            [sys.executable, "-m", "samverkan", "restore", str(backup)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
        with serving(env) as site:
            yield Restored(
                backup=backup,
                backup_output=result.stdout,
                served_during_backup=statuses,
                paths=paths,
                original=original,
                restored=answers(site.url, paths),
                site=site,
            )
