"""Loading the bundled data: a missing or broken file stops the load and changes nothing."""

import shutil

import pytest

from samverkan.core.errors import DataFileError
from samverkan.places.models import Organization, PopulationValue, Territory
from samverkan.site.bundled import bundled_releases, load_bundled
from samverkan.sources.models import Release
from tests.conftest import DATA

pytestmark = pytest.mark.django_db


def counts():
    return (
        Territory.objects.count(),
        Organization.objects.count(),
        PopulationValue.objects.count(),
        Release.objects.count(),
    )


def manifest_for(tmp_path, *, slug: str, kind: str, files: list[str]) -> object:
    text = f'''
[[release]]
kind = "{kind}"
dataset = "test-dataset"
dataset_name = "Test"
publisher = "Test"
slug = "{slug}"
label = "Test"
files = [{", ".join(f'"{name}"' for name in files)}]
'''
    path = tmp_path / "bundled.toml"
    path.write_text(text, encoding="utf-8")
    return path


REFERENCE_FILES = ["kommunlankod_2023.xls", "municipalities.csv", "counties.csv", "regions.csv"]


def reference_copy(tmp_path):
    """A copy of the bundled reference files, for a test to break one of them."""
    (tmp_path / "se-reference").mkdir()
    for name in REFERENCE_FILES:
        shutil.copyfile(DATA / "se-reference" / name, tmp_path / "se-reference" / name)
    return tmp_path / "se-reference"


def test_the_bundle_lists_territories_first_then_population():
    releases = bundled_releases()
    kinds = ["territories", "population", "population"] + ["emissions"] * 4 + ["covenant"]
    assert [r.kind for r in releases] == [
        *kinds,
        "key-indicators",
        "key-indicators",
        "climate-plans",
        "covenant-actions",
    ]
    assert all(path.exists() for release in releases for path in release.files)


def test_everything_bundled_is_loaded_once():
    assert load_bundled() == []  # the session loaded it; nothing is pending


def test_a_missing_bundled_file_stops_the_load_naming_the_file(tmp_path):
    manifest = manifest_for(tmp_path, slug="test-missing", kind="population", files=["scb/finns-inte.xlsx"])
    before = counts()
    with pytest.raises(DataFileError) as caught:
        load_bundled(manifest=manifest)
    assert "finns-inte.xlsx" in caught.value.message
    assert counts() == before


def load_broken_reference(tmp_path, file: str, old: str, new: str):
    """Load a copy of the reference files with one text replaced; returns the single problem, checks nothing changed."""
    broken = reference_copy(tmp_path) / file
    text = broken.read_text(encoding="utf-8")
    assert old in text
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    manifest = manifest_for(
        tmp_path, slug="test-reference", kind="territories", files=[f"se-reference/{n}" for n in REFERENCE_FILES]
    )
    before = counts()
    with pytest.raises(DataFileError) as caught:
        load_bundled(manifest=manifest)
    assert counts() == before
    [problem] = caught.value.problems
    return problem


def test_a_changed_header_in_the_bundled_reference_files_changes_nothing(tmp_path):
    problem = load_broken_reference(tmp_path, "counties.csv", "Län,coatOfArms", "Landskap,coatOfArms")
    assert (problem.file, problem.row, problem.column, problem.value) == ("counties.csv", 1, "A (Län)", "Landskap")


def test_a_reference_file_with_an_unknown_county_changes_nothing(tmp_path):
    problem = load_broken_reference(tmp_path, "municipalities.csv", "Aneby,0604,Jönköpings län", "Aneby,0604,Småland")
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "municipalities.csv",
        58,
        "C (Län)",
        "Småland",
    )
    assert "Jönköpings län" in problem.expected
