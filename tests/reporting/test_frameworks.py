"""The three report frameworks, each draft filled from what the organization holds, checked against the raw files."""

import datetime as dt
import io
import json

import pytest
import python_calamine
from django.utils import translation

from samverkan.networks.models import Membership
from samverkan.places.models import Territory
from samverkan.reporting import exports
from samverkan.reporting.frameworks import FRAMEWORKS, ITEM_KINDS, missing_mandatory
from samverkan.reporting.frameworks.aalborg import THEMES
from samverkan.reporting.frameworks.covenant import deadlines
from tests.reference import klimatkollen_sectors, klimatkollen_total

pytestmark = pytest.mark.django_db
RELEASE = "klimatkollen-2026"
ITEM_KEYS = {"key", "label", "kind", "value", "mandatory", "editable", "source", "rationale"}


def authority(code: str):
    return Territory.objects.get(code=code).authority


def fill(slug: str, code: str, **options) -> dict:
    content = FRAMEWORKS[slug].fill(authority(code), **options)
    assert json.loads(json.dumps(content)) == content  # plain JSON, as a submission freezes it
    return content


def items(content: dict) -> dict[str, dict]:
    return {item["key"]: item for section in content["sections"] for item in section["items"]}


def test_the_three_frameworks_are_registered_for_their_networks():
    assert {slug: f.networks for slug, f in FRAMEWORKS.items()} == {
        "klimatkommunerna-annual": ("klimatkommunerna",),
        "covenant-monitoring": ("borgmastaravtalet",),
        "aalborg-status": ("aalborg-commitments",),
    }
    assert all(f.version >= 1 for f in FRAMEWORKS.values())


@pytest.mark.parametrize("slug", ["klimatkommunerna-annual", "covenant-monitoring", "aalborg-status"])
def test_every_item_has_the_shape_a_submission_stores(slug):
    content = fill(slug, "0680")
    assert content["framework"] == slug and content["year"] == 2024
    assert content["organization"]["name"] == "Jönköpings kommun"
    assert content["releases"][0]["slug"] == RELEASE
    keys = [item["key"] for section in content["sections"] for item in section["items"]]
    assert len(keys) == len(set(keys))  # a stable key each
    for item in items(content).values():
        assert set(item) >= ITEM_KEYS and item["kind"] in ITEM_KINDS
        if item["kind"] == "yesno":
            assert isinstance(item["rationale"], str)  # a yes/no item carries its rationale
        if not item["editable"]:  # a figure of the platform names where it comes from
            assert item["source"]["text"], item["key"]
        if item["source"] and item["source"]["release"]:
            assert item["source"]["release"] in {r["slug"] for r in content["releases"]}
    assert any(item["mandatory"] for item in items(content).values())


def test_stockholms_klimatkommunerna_draft_shows_its_2024_total_and_sectors():
    content = fill("klimatkommunerna-annual", "0180")
    found = items(content)
    assert [s["key"] for s in content["sections"]] == ["inventory", "targets", "action-plan", "information"]
    assert found["inventory-total"]["value"] == pytest.approx(klimatkollen_total(RELEASE, "Stockholm", 2024))
    assert found["inventory-total"]["source"]["release"] == RELEASE
    assert found["inventory-total"]["source"]["url"] == "/kommuner/0180/?utgava=klimatkollen-2026"
    table = found["inventory-by-sector"]["value"]
    row = next(r for r in table["rows"] if r[0] == 2024)
    raw = klimatkollen_sectors(RELEASE, "Stockholm")[2024]
    assert row[table["columns"].index("Transporter")] == pytest.approx(raw["Transporter"])
    assert found["inventory-continuous"]["value"] is True
    assert "2024" in found["inventory-continuous"]["rationale"]
    assert found["informs-association"]["value"] is None and found["informs-association"]["mandatory"]
    statuses = {row[6] for row in found["targets"]["value"]["rows"]}
    assert statuses and statuses <= {"nått", "i fas", "inte i fas", "kan inte bedömas"}


def test_jonkopings_covenant_mei_2024_adds_up_to_its_official_total():
    content = fill("covenant-monitoring", "0680", year=2024)
    bei, mei = content["inventories"]
    official = klimatkollen_total(RELEASE, "Jönköping", 2024)  # every sector of the raw file, as the official total
    assert mei["kind"] == "MEI" and mei["year"] == 2024 and mei["release"] == RELEASE
    assert mei["total_t_co2e"] == pytest.approx(official, abs=0.01)
    assert sum(s["t_co2e"] or 0 for s in mei["sectors"]) == pytest.approx(mei["total_t_co2e"], abs=0.01)
    raw = klimatkollen_sectors(RELEASE, "Jönköping")[2024]
    by_sector = {s["covenant_sector"]: s for s in mei["sectors"]}
    assert by_sector["Transport"]["t_co2e"] == pytest.approx(raw["Transporter"])
    international = by_sector["Not included (international transport)"]
    assert international["t_co2e"] == pytest.approx(raw["Utrikes transporter"])
    assert international["in_covenant_scope"] is False
    assert mei["covenant_scope_total_t_co2e"] == pytest.approx(official - raw["Utrikes transporter"], abs=0.01)
    for sector in mei["sectors"]:  # a figure, or a notation key saying why there is none
        assert (sector["t_co2e"] is None) == (sector["notation_key"] in {"NO", "NE", "IE", "C"})
    assert by_sector["Public lighting"]["notation_key"] == "IE"
    # The baseline: the commitment's base year (1990, Covenant 2020), from the same release.
    assert bei["kind"] == "BEI" and bei["year"] == 1990
    assert bei["total_t_co2e"] == pytest.approx(klimatkollen_total(RELEASE, "Jönköping", 1990), abs=0.01)
    mapped = {m["smhi_sector"]: m for m in content["sector_mapping"]}
    assert mapped["ofordelat"]["in_official_total"] is False
    assert mapped["transporter"]["covenant_sector"] == "Transport"


def test_a_release_with_totals_only_gives_sectors_included_elsewhere():
    content = fill("covenant-monitoring", "0680", year=2024, release="smhi-terr-ghg-2026-01")
    mei = content["inventories"][1]
    assert mei["release"] == "smhi-terr-ghg-2026-01"
    filled = [s for s in mei["sectors"] if s["t_co2e"] is not None]
    assert len(filled) == 1 and filled[0]["t_co2e"] == pytest.approx(mei["total_t_co2e"])
    assert {s["notation_key"] for s in mei["sectors"] if s["t_co2e"] is None} == {"IE"}
    assert content["releases"][0]["slug"] == "smhi-terr-ghg-2026-01"


def test_the_covenant_draft_has_its_strategy_actions_and_the_signatorys_deadlines():
    content = fill("covenant-monitoring", "0680")
    assert [s["key"] for s in content["sections"]] == ["strategy", "inventory", "actions"]
    found = items(content)
    assert found["level"]["value"] == "full" and [c["value"] for c in found["level"]["choices"]] == ["action", "full"]
    assert found["adhesion"]["value"] == "2009-09-24"
    actions = found["actions"]["value"]
    assert len(actions["columns"]) == 11 and len(actions["rows"]) == 32  # the JRC data brief's 32 for Jönköping
    due = {d["key"]: d["due"] for d in content["deadlines"]}
    assert due["action-plan"] == "2011-09-24"
    jonkoping = Membership.objects.get(network__slug="borgmastaravtalet", organization=authority("0680"))
    later = deadlines(jonkoping, today=dt.date(2026, 12, 8))
    assert [d["due"] for d in later] == ["2011-09-24", "2027-09-24", "2029-09-24"]


def test_the_aalborg_draft_has_the_ten_themes_in_swedish_and_english():
    content = fill("aalborg-status", "0680")
    themes = content["sections"][1:]
    assert len(themes) == 10
    assert themes[0]["title"] == "1. Styrning" and themes[9]["title"] == "10. Från lokalt till globalt"
    assert [t["name_en"] for t in themes][5] == "Better mobility, less traffic"
    found = items(content)
    assert found["signed"]["value"] == "2007-10-01"
    assert found["baseline-review-date"]["editable"] and found["baseline-review-date"]["mandatory"]
    mobility = found["mobility-actions"]["value"]["rows"]
    assert mobility and all(row[2] for row in mobility)
    assert {d["key"]: d["due"] for d in content["deadlines"]}["targets"] == "2009-10-01"
    with translation.override("en"):
        english = FRAMEWORKS["aalborg-status"].fill(authority("0680"))
    assert [s["title"] for s in english["sections"][1:]] == [f"{n}. {t[1]}" for n, t in enumerate(THEMES, 1)]


def test_an_unknown_release_or_a_year_outside_it_is_refused_naming_it():
    from samverkan.core.errors import Invalid

    with pytest.raises(Invalid, match="nope"):
        fill("covenant-monitoring", "0680", release="nope")
    with pytest.raises(Invalid, match="1989"):
        fill("klimatkommunerna-annual", "0680", year=1989)


def test_the_renderers_read_the_content_only(django_assert_num_queries):
    """A frozen submission renders from its snapshot: the xlsx and the PDF need no database at all."""
    content = fill("klimatkommunerna-annual", "0180")
    with django_assert_num_queries(0):
        workbook = exports.xlsx_bytes(content)
        document = exports.pdf_bytes(content)
    assert workbook.startswith(b"PK") and document.startswith(b"%PDF-")
    sheets = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(workbook)).sheet_names
    assert sheets == [
        "Om rapporten",
        "Inventering av växthusgaser",
        "Mål för utsläppen",
        "Handlingsplan och genomförda",  # Excel's limit of 31 characters, at a whole word
        "Information till föreningen",
    ]


def test_a_fresh_draft_lacks_exactly_the_members_own_mandatory_items():
    content = fill("klimatkommunerna-annual", "0680")
    missing = missing_mandatory(content)
    assert [m["key"] for m in missing] == ["plan-comment", "informs-association", "information-channels"]
    assert missing[1]["section"] == "information" and missing[1]["label"].startswith("Har organisationen informerat")
    for section in content["sections"]:
        for item in section["items"]:
            if item["key"] == "informs-association":
                item["value"] = True
            elif item["key"] in ("plan-comment", "information-channels"):
                item["value"] = "Cykelbanor till Huskvarna; rapport till föreningen i mars."
    assert missing_mandatory(content) == []
