"""Configuration that refuses to start when unsafe, and data directories that never reach git or a wheel."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import samverkan.settings as real_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "samverkan"


def _environment(tmp_path, **variables) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SAMVERKAN_") and key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    return {**env, "SAMVERKAN_HOME": str(tmp_path), **variables}


def _settings(tmp_path, names: list[str], **variables) -> dict:
    """The real settings module as a fresh process reads it with these environment variables."""
    code = (
        "import json, samverkan.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_environment(tmp_path, **variables), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_with_debug_refuses_to_start_naming_both_variables(tmp_path):
    env = _environment(tmp_path, SAMVERKAN_PRODUCTION="true", SAMVERKAN_DEBUG="true", SAMVERKAN_SECRET_KEY="x" * 60)
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SAMVERKAN_PRODUCTION" in result.stderr and "SAMVERKAN_DEBUG" in result.stderr
    assert "Traceback" not in result.stderr and "System check" not in result.stdout


@pytest.mark.parametrize("value", ["två", "-1"])
def test_a_bad_number_of_trusted_proxies_refuses_to_start_naming_it(tmp_path, value):
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "check"],
        env=_environment(tmp_path, SAMVERKAN_TRUSTED_PROXIES=value),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SAMVERKAN_TRUSTED_PROXIES" in result.stderr and value in result.stderr
    assert "Traceback" not in result.stderr


def test_production_redirecting_to_https_without_a_trusted_proxy_refuses_to_start(tmp_path):
    # Behind a TLS proxy the app would see plain HTTP, not believe X-Forwarded-Proto, and redirect forever.
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "check"],
        env=_environment(tmp_path, SAMVERKAN_PRODUCTION="true", SAMVERKAN_SECRET_KEY="x" * 60),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    for variable in ["SAMVERKAN_PRODUCTION", "SAMVERKAN_SSL_REDIRECT", "SAMVERKAN_TRUSTED_PROXIES"]:
        assert variable in result.stderr
    assert "SAMVERKAN_SSL_REDIRECT=false" in result.stderr
    assert "Traceback" not in result.stderr and "System check" not in result.stdout


def test_production_starts_with_a_trusted_proxy_or_without_its_own_https_redirect(tmp_path):
    names = ["SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER"]
    production = {"SAMVERKAN_PRODUCTION": "true", "SAMVERKAN_SECRET_KEY": "x" * 60}
    assert _settings(tmp_path, names, **production, SAMVERKAN_TRUSTED_PROXIES="1") == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    assert _settings(tmp_path, names, **production, SAMVERKAN_SSL_REDIRECT="false") == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_x_forwarded_proto_is_trusted_only_behind_trusted_proxies(tmp_path):
    names = ["TRUSTED_PROXIES", "SECURE_PROXY_SSL_HEADER"]
    production = {"SAMVERKAN_PRODUCTION": "true", "SAMVERKAN_SECRET_KEY": "x" * 60}
    assert _settings(tmp_path, names, **production, SAMVERKAN_SSL_REDIRECT="false") == {
        "TRUSTED_PROXIES": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    assert _settings(tmp_path, names, **production, SAMVERKAN_TRUSTED_PROXIES="1") == {
        "TRUSTED_PROXIES": 1,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_the_default_data_directory_is_never_inside_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(PACKAGE)  # where makemessages runs
    assert real_settings._default_home() == ROOT / "var"
    monkeypatch.chdir(PACKAGE / "locale")
    assert real_settings._default_home() == ROOT / "var"
    monkeypatch.chdir(tmp_path)
    assert real_settings._default_home() == tmp_path.resolve() / "var"


def test_no_data_directory_is_tracked_or_trackable_by_git():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert [path for path in tracked.splitlines() if "var" in Path(path).parts or path.endswith("secret_key")] == []
    for path in ["var/secret_key", "src/samverkan/var/secret_key", "src/samverkan/data/var/samverkan.sqlite3"]:
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert ignored.returncode == 0, f"{path} is not ignored by git"


def test_a_built_wheel_has_the_bundled_data_and_no_data_directory(tmp_path):
    # A copy of the project without .gitignore, with data directories where commands have made them:
    # the wheel's own configuration must keep them out.
    project = tmp_path / "project"
    project.mkdir()
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "var"))
    for folder in [project / "src" / "samverkan" / "var", project / "src" / "samverkan" / "data" / "var"]:
        (folder / "cache").mkdir(parents=True)
        (folder / "secret_key").write_text("a secret")
        (folder / "samverkan.sqlite3").write_bytes(b"SQLite format 3\x00")
    result = subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("samverkan-*.whl")
    members = zipfile.ZipFile(wheel).namelist()
    assert [name for name in members if "var" in name.split("/")] == []
    assert [name for name in members if "secret_key" in name or name.endswith(".sqlite3")] == []
    bundled = {name for name in members if name.startswith("samverkan/data/")}
    assert "samverkan/data/bundled.toml" in bundled and "samverkan/data/SOURCES.md" in bundled
    expected = {
        "samverkan/" + path.relative_to(PACKAGE).as_posix()
        for path in (PACKAGE / "data").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert bundled == expected
