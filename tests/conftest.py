"""Shared fixtures: the bundled real data, loaded once into the test database."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(settings.BUNDLED_DATA_DIR)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real bundled data once per test session, as `samverkan serve` does on first start."""
    from samverkan.core.bundled import load_bundled

    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached charts and rankings never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def data_copy(tmp_path):
    """Copy a bundled file to a temporary folder so a test can break it."""

    def copy(relative: str) -> Path:
        target = tmp_path / Path(relative).name
        shutil.copyfile(DATA / relative, target)
        target.chmod(0o644)
        return target

    return copy


# --- the real site, started as a user starts it -------------------------------------------


@dataclass(frozen=True)
class ServedSite:
    url: str
    env: dict
    log: Path
    mail: Path

    def command(self, *args: str, extra_env: dict | None = None) -> str:
        """Run a `samverkan` command against the served site's database."""
        result = subprocess.run(
            [sys.executable, "-m", "samverkan", *args],
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_admin(database: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        autocommit=True,
    )


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """`samverkan serve` on a fresh data directory (and a fresh PostgreSQL database when testing on it)."""
    home = tmp_path_factory.mktemp("serve-home")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["SAMVERKAN_HOME"] = str(home)
    env["SAMVERKAN_EMAIL"] = "file"  # invitations land in SAMVERKAN_HOME/mail, where a test can read them
    database = settings.DATABASES["default"]
    e2e_database = None
    if "postgresql" in database["ENGINE"]:
        e2e_database = f"samverkan_e2e_{os.getpid()}"
        with _postgres_admin(database) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{e2e_database}"')
            admin.execute(f'CREATE DATABASE "{e2e_database}"')
        user, password = database.get("USER") or "postgres", database.get("PASSWORD") or ""
        credentials = f"{user}:{password}@" if password else f"{user}@"
        db_host, db_port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{credentials}{db_host}:{db_port}/{e2e_database}"
    else:
        env.pop("DATABASE_URL", None)
    port = _free_port()
    log = home / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "samverkan", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            pytest.fail(f"samverkan serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"samverkan serve did not answer within 180 s:\n{log.read_text()}")
        time.sleep(0.5)
    yield ServedSite(url, env, log, home / "mail")
    process.terminate()
    process.wait(timeout=30)
    if e2e_database:
        with _postgres_admin(database) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{e2e_database}" WITH (FORCE)')


CHROMIUM = os.environ.get("SAMVERKAN_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records console errors (a CSP violation shows up there)."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


# People with each role on real organizations, for the accounts, networks and targets tests.
from tests.people import jonkoping, network, person, signed_in, stockholm  # noqa: E402, F401
