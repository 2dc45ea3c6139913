"""The layers in pyproject.toml hold: no app imports from an app above it, and no import hides in a function."""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# Top to bottom, as pyproject.toml's [tool.importlinter] names them.
LAYERS = [
    "accounts",
    "reporting",
    "networks",
    "actions",
    "targets",
    "indicators",
    "emissions",
    "places",
    "sources",
    "notices",
    "core",
]


def test_the_layers_contract_is_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Contracts: 1 kept, 0 broken." in result.stdout, result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0


def test_no_two_apps_import_each_other():
    """Counted independently of import-linter, from grimp's graph: every import between two apps goes down."""
    graph = grimp.build_graph("samverkan", cache_dir=None)
    upward = []
    for importer in graph.modules:
        parts = importer.split(".")
        if len(parts) < 2 or parts[1] not in LAYERS:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            target = imported.split(".")
            if len(target) > 1 and target[1] in LAYERS and LAYERS.index(target[1]) < LAYERS.index(parts[1]):
                upward.append(f"{importer} -> {imported}")
    assert upward == []
    # The tops import the domain apps, and the domain apps never import the tops.
    for top in ("samverkan.site", "samverkan.api"):
        importers = graph.find_downstream_modules(top, as_package=True)
        assert importers <= {"samverkan.urls"}, (top, importers)
    assert graph.find_modules_that_directly_import("samverkan.places.models")  # the graph is not empty


def test_ruff_refuses_an_import_inside_a_function(tmp_path):
    """PLC0415 is on for src/: an import moved into a function to dodge the layers is a lint error."""
    sample = ROOT / "src" / "samverkan" / "core" / "_layers_probe.py"
    sample.write_text("def f():\n    from samverkan.places import models\n\n    return models\n")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "PLC0415", str(sample)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        sample.unlink()
    assert "PLC0415" in result.stdout
    config = (ROOT / "pyproject.toml").read_text()
    assert '"PLC0415"]' in config.split("[tool.ruff.lint]")[1].split("\n\n")[0]


def test_every_module_shows_its_seams_under_400_lines():
    """A module that grows past 400 lines (migrations aside) is split into a package along its sub-domains."""
    source = ROOT / "src" / "samverkan"
    sizes = {
        str(path.relative_to(source)): len(path.read_text().splitlines())
        for path in source.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert len(sizes) > 150  # the whole tree was read
    assert {name: lines for name, lines in sizes.items() if lines > 400} == {}
