"""Klimatkollen's key indicators: imported per release, ranked, shown and served; broken files change nothing."""

import json
import statistics

import pytest

from samverkan.core.errors import AlreadyImported, DataFileError
from samverkan.indicators.models import Indicator, IndicatorValue
from samverkan.indicators.services import klimatkollen_indicators_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo
from tests.conftest import DATA

pytestmark = pytest.mark.django_db

FIELDS = {
    "laddbara-bilar-okningstakt": "electricCarChangePercent",
    "cykelvag-per-invanare": "bicycleMetrePerCapita",
    "konsumtionsutslapp-per-invanare": "totalConsumptionEmission",
    "laddbara-bilar-per-laddpunkt": "electricVehiclePerChargePoints",
    "klimatkrav-i-upphandling": "procurementScore",
}


def raw(release: str) -> list[dict]:
    """The bundled file as Klimatkollen publishes it, read here without the importer."""
    return json.loads((DATA / f"klimatkollen-{release}" / "municipality-data.json").read_text(encoding="utf-8"))


def raw_values(release: str, field: str) -> dict[str, float]:
    return {item["name"]: item[field] for item in raw(release) if isinstance(item.get(field), int | float)}


def info(slug="test-nyckeltal") -> ReleaseInfo:
    return ReleaseInfo(
        dataset="klimatkollen-key-indicators",
        dataset_name="Klimatkollen: nyckeltal per kommun",
        publisher="Klimatkollen",
        slug=slug,
        label="Test",
    )


def test_both_releases_are_imported_side_by_side():
    for year in ("2025", "2026"):
        release = Release.objects.get(slug=f"klimatkollen-nyckeltal-{year}")
        expected = sum(len(raw_values(year, field)) for field in FIELDS.values())
        assert expected == 290 * 5 - 1  # one municipality has no charging-point figure
        assert release.row_count == expected == IndicatorValue.objects.filter(release=release).count()
        assert "1" in release.warnings
    cycle = Indicator.objects.get(slug="cykelvag-per-invanare")
    stockholm = IndicatorValue.objects.filter(indicator=cycle, territory__code="0180").order_by("release__slug")
    assert [v.value for v in stockholm] == [
        raw_values("2025", "bicycleMetrePerCapita")["Stockholm"],
        raw_values("2026", "bicycleMetrePerCapita")["Stockholm"],
    ]
    assert [round(v.value, 3) for v in stockholm] == [1.209, 1.204]


@pytest.mark.parametrize(
    ("change", "column", "found"),
    [
        (lambda items: items[3].update(name="Atlantis"), "name", "Atlantis"),
        (lambda items: items[7].update(bicycleMetrePerCapita="många"), "bicycleMetrePerCapita", "många"),
        (lambda items: items[7].update(procurementScore=True), "procurementScore", "True"),
        (lambda items: [item.pop("totalConsumptionEmission") for item in items], "totalConsumptionEmission", ""),
        (lambda items: items.append(dict(items[0])), "name", "Ale"),
        (lambda items: items[5].pop("bicycleMetrePerCapita"), "bicycleMetrePerCapita", "saknas"),
        (lambda items: items[9].update(totalConsumptionEmission=float("nan")), "totalConsumptionEmission", "nan"),
        (lambda items: items.clear(), None, "[]"),
    ],
)
def test_a_broken_file_names_the_problem_and_changes_nothing(tmp_path, change, column, found):
    items = raw("2026")
    change(items)
    path = tmp_path / "municipality-data.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    before = (Release.objects.count(), IndicatorValue.objects.count())
    with pytest.raises(DataFileError) as error:
        klimatkollen_indicators_import(path=path, info=info())
    problem = error.value.problems[0]
    assert problem.column == column and found in problem.value and problem.file == "municipality-data.json"
    assert (Release.objects.count(), IndicatorValue.objects.count()) == before


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("bicycleMetrePerCapita", -3.5, "a number from 0 to 200 (metres per inhabitant)"),
        ("procurementScore", 99, "a number from 0 to 2 (points (0–2))"),
        ("procurementScore", -7, "a number from 0 to 2 (points (0–2))"),
        ("totalConsumptionEmission", 1e300, "a number from 0 to 100 (t CO2e per inhabitant a year)"),
    ],
)
def test_an_indicator_value_outside_its_catalogued_range_is_refused(data_copy, field, value, expected):
    from django.utils import translation

    path = data_copy("klimatkollen-2026/municipality-data.json")
    items = json.loads(path.read_text(encoding="utf-8"))
    row = next(number for number, item in enumerate(items, start=1) if item["name"] == "Jönköping")
    items[row - 1][field] = value
    path.write_text(json.dumps(items), encoding="utf-8")
    before = (Release.objects.count(), IndicatorValue.objects.count())
    with translation.override("en"), pytest.raises(DataFileError) as error:
        klimatkollen_indicators_import(path=path, info=info())
    [problem] = error.value.problems
    assert (problem.file, problem.row, problem.column) == ("municipality-data.json", row, field)
    assert (problem.value, problem.expected) == (repr(value) if isinstance(value, float) else str(value), expected)
    assert (Release.objects.count(), IndicatorValue.objects.count()) == before


def test_every_catalogued_indicator_has_a_range_that_holds_the_bundled_values():
    for indicator in Indicator.objects.all():
        values = IndicatorValue.objects.filter(indicator=indicator).values_list("value", flat=True)
        assert indicator.minimum < indicator.maximum
        assert all(value in indicator.plausible for value in values), indicator.slug


def test_a_catalogue_without_a_range_or_with_an_upside_down_one_is_refused(tmp_path):
    from samverkan.indicators.importers import parse_catalogue

    text = (DATA / "indicators" / "indicators.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].split(",")
    low, high = header.index("min"), header.index("max")
    broken = []
    for number, line in enumerate(lines[1:3], start=2):
        cells = line.split(",")
        if number == 2:
            cells[low], cells[high] = "5", "1"
        else:
            cells[high] = "inf"
        broken.append(",".join(cells))
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join([lines[0], *broken]) + "\n", encoding="utf-8")
    _rows, problems = parse_catalogue(path)
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "max", "1"), (3, "max", "inf")]


def test_a_file_that_is_not_json_or_was_imported_before_is_refused(tmp_path, data_copy):
    path = tmp_path / "municipality-data.json"
    path.write_text("[{name: Ale", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        klimatkollen_indicators_import(path=path, info=info())
    assert "JSON" in error.value.problems[0].expected
    path.write_text('{"name": "Ale"}', encoding="utf-8")  # an object, not a list of them
    with pytest.raises(DataFileError) as error:
        klimatkollen_indicators_import(path=path, info=info())
    assert error.value.problems[0].value == "dict"
    with pytest.raises(AlreadyImported):
        klimatkollen_indicators_import(path=data_copy("klimatkollen-2026/municipality-data.json"), info=info("ny"))
    assert not Release.objects.filter(slug__in=["test-nyckeltal", "ny"]).exists()


def place(values: dict[str, float], name: str, higher_is_better: bool) -> int:
    """1 + the municipalities strictly better: equal values share a place."""
    mine = values[name]
    return 1 + sum(1 for v in values.values() if (v > mine if higher_is_better else v < mine))


def test_a_municipalitys_place_and_the_median_follow_the_direction(client):
    cycle = raw_values("2026", "bicycleMetrePerCapita")
    consumption = raw_values("2026", "totalConsumptionEmission")
    body = client.get("/api/v1/municipalities/0180/indicators").json()
    entries = {e["indicator"]["slug"]: e for e in body["indicators"]}
    assert entries["cykelvag-per-invanare"]["rank"] == place(cycle, "Stockholm", True)
    assert entries["konsumtionsutslapp-per-invanare"]["rank"] == place(consumption, "Stockholm", False)
    assert entries["cykelvag-per-invanare"]["median"] == statistics.median(cycle.values())
    assert entries["cykelvag-per-invanare"]["of"] == 290
    assert entries["laddbara-bilar-per-laddpunkt"]["of"] == 289
    assert [v["release"] for v in entries["cykelvag-per-invanare"]["values"]] == [
        "klimatkollen-nyckeltal-2025",
        "klimatkollen-nyckeltal-2026",
    ]


def test_the_pages_list_and_rank_every_municipality(client):
    catalogue = client.get("/nyckeltal/").content.decode()
    for name in ("Cykelväg per invånare", "Konsumtionsbaserade utsläpp per invånare", "Klimatkrav i upphandlingar"):
        assert name in catalogue
    cycle = raw_values("2026", "bicycleMetrePerCapita")
    best = max(cycle, key=cycle.get)
    page = client.get("/nyckeltal/cykelvag-per-invanare/").content.decode()
    rows = page.split('id="values"')[1].split("<tbody>")[1].split("</tr>")
    assert best in rows[0] and f"{cycle[best]:.1f}".replace(".", ",") in rows[0]  # sv-SE: 8,2
    assert page.split('id="values"')[1].split("</table>")[0].count('href="/kommuner/') == 290
    municipality = client.get("/kommuner/0180/").content.decode()
    section = municipality.split('id="indicators-heading"')[1]
    assert "Cykelväg per invånare" in section and "1,2" in section
    assert client.get("/nyckeltal/finns-inte/").status_code == 404


def test_the_api_serves_the_same_figures(client):
    listed = client.get("/api/v1/indicators").json()
    assert listed["count"] == len(FIELDS) and [i["slug"] for i in listed["items"]] == list(FIELDS)
    table = client.get("/api/v1/indicators/laddbara-bilar-per-laddpunkt").json()
    assert [r["slug"] for r in table["releases"]] == ["klimatkollen-nyckeltal-2025", "klimatkollen-nyckeltal-2026"]
    assert len(table["municipalities"]) == 290
    by_name = {m["name"]: m for m in table["municipalities"]}
    per_point = raw_values("2026", "electricVehiclePerChargePoints")
    missing = next(item["name"] for item in raw("2026") if item["electricVehiclePerChargePoints"] is None)
    assert by_name[missing]["values"][-1] is None and by_name[missing]["rank"] is None
    assert by_name["Stockholm"]["values"][-1] == per_point["Stockholm"]
    assert table["municipalities"][0]["values"][-1] == min(per_point.values())  # lower is better
    assert client.get("/api/v1/indicators/x").status_code == 404
    assert client.get("/api/v1/municipalities/9999/indicators").status_code == 404
    assert client.get("/api/v1/municipalities/abc/indicators").status_code == 422


def test_a_later_release_is_imported_from_the_command_line_beside_the_others(tmp_path, client):
    from io import StringIO

    from django.core.management import CommandError, call_command

    items = raw("2026")
    stockholm = next(item for item in items if item["name"] == "Stockholm")
    stockholm["bicycleMetrePerCapita"] = 1.5
    path = tmp_path / "municipality-data.json"
    broken = [dict(item) for item in items]
    broken[10]["name"] = "Atlantis"
    path.write_text(json.dumps(broken), encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import", "key-indicators", str(path), "--release", "kk-2027", stderr=errors)
    assert "Atlantis" in errors.getvalue() and "name" in errors.getvalue()
    assert not Release.objects.filter(slug="kk-2027").exists()
    path.write_text(json.dumps(items), encoding="utf-8")
    output = StringIO()
    call_command(
        "import",
        "key-indicators",
        str(path),
        "--release",
        "kk-2027",
        "--label",
        "Prov 2027",
        "--label-en",
        "Test 2027",
        stdout=output,
    )
    assert "kk-2027" in output.getvalue()
    assert Release.objects.filter(slug="kk-2027").values_list("label", "label_en").get() == ("Prov 2027", "Test 2027")
    entries = client.get("/api/v1/municipalities/0180/indicators").json()["indicators"]
    cycle = next(e for e in entries if e["indicator"]["slug"] == "cykelvag-per-invanare")
    assert [v["value"] for v in cycle["values"]][-1] == 1.5 and len(cycle["values"]) == 3
    assert cycle["rank"] == place({**raw_values("2026", "bicycleMetrePerCapita"), "Stockholm": 1.5}, "Stockholm", True)
