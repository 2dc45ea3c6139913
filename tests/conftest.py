"""Shared fixtures: the bundled real data, loaded once into the test database."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(settings.BUNDLED_DATA_DIR)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real bundled data once per test session, as `samverkan serve` does on first start."""
    from samverkan.site.bundled import load_bundled

    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached charts and rankings never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def swedish_by_default():
    """Each test starts in the site's language: a request in English leaves English active in the thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def data_copy(tmp_path):
    """Copy a bundled file to a temporary folder so a test can break it."""

    def copy(relative: str) -> Path:
        target = tmp_path / Path(relative).name
        shutil.copyfile(DATA / relative, target)
        target.chmod(0o644)
        return target

    return copy


@pytest.fixture
def klimatkollen_copy(tmp_path):
    """The 2026 Klimatkollen release folder, copied so a test can break any of its files."""
    folder = tmp_path / "klimatkollen-2026"
    shutil.copytree(DATA / "klimatkollen-2026", folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


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

    def mail_to(self, address: str, timeout: float = 30) -> str:
        """The first e-mail the site sent to `address`: its worker sends it beside the web workers, within a
        second or so of the request."""
        deadline = time.monotonic() + timeout
        while True:
            for path in sorted(self.mail.glob("*.log")):
                text = path.read_text()
                # The file backend ends each whole message with a line of 79 dashes.
                if f"\nTo: {address}\n" in text and text.rstrip().endswith("-" * 79):
                    return text
            if time.monotonic() > deadline:
                pytest.fail(f"no e-mail to {address} within {timeout} s:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)


@pytest.fixture
def klimatkollen_revised(tmp_path):
    """The 2026 Klimatkollen release with Stockholm's transport emissions in 2024 1000 t higher."""
    folder = tmp_path / "kk"
    shutil.copytree(DATA / "klimatkollen-2026", folder)
    path = folder / "municipality-sector-emissions.json"
    path.chmod(0o644)
    items = json.loads(path.read_text(encoding="utf-8"))
    next(item for item in items if item["name"] == "Stockholm")["sectors"]["2024"]["Transporter"] += 1000
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return folder


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


def postgres_url(name: str) -> str:
    """The address of another database on the test suite's PostgreSQL server."""
    database = settings.DATABASES["default"]
    user, password = database.get("USER") or "postgres", database.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else f"{user}@"
    db_host, db_port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
    return f"postgres://{credentials}{db_host}:{db_port}/{name}"


def suite_on_postgres() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


@contextmanager
def site_database(home: Path, prefix: str):
    """The environment of `samverkan` commands on a fresh data directory, and a fresh PostgreSQL database
    when the suite runs on PostgreSQL (dropped afterwards)."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["SAMVERKAN_HOME"] = str(home)
    env["SAMVERKAN_EMAIL"] = "file"  # invitations land in SAMVERKAN_HOME/mail, where a test can read them
    if not suite_on_postgres():
        env.pop("DATABASE_URL", None)
        yield env
        return
    name = f"samverkan_{prefix}_{os.getpid()}"
    database = settings.DATABASES["default"]
    with _postgres_admin(database) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = postgres_url(name)
    try:
        yield env
    finally:
        with _postgres_admin(database) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serving(env: dict, *options: str):
    """`samverkan serve` on env's data directory and database, as a user starts it; stopped afterwards."""
    home = Path(env["SAMVERKAN_HOME"])
    port = _free_port()
    log = home / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "samverkan", "serve", "--port", str(port), "--workers", "2", *options],
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
    try:
        yield ServedSite(url, env, log, home / "mail")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """`samverkan serve` on a fresh data directory (and a fresh PostgreSQL database when testing on it)."""
    with site_database(tmp_path_factory.mktemp("serve-home"), "e2e") as env, serving(env) as site:
        yield site


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
from tests.people import jonkoping, network, person, plan, signed_in, stockholm  # noqa: E402, F401
