"""The JRC data brief's signatories named after the GCoM list, the Swedish ones as their municipalities,
and its texts without mojibake."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from samverkan.actions.importers import repair_mojibake
from samverkan.actions.models import Action, ActionPlan
from samverkan.places.models import Territory
from tests.reference import covenant_rows, data_brief_rows

pytestmark = pytest.mark.django_db


def example_plan(code: int) -> ActionPlan:
    return ActionPlan.objects.select_related("organization").get(
        is_example=True, source__endswith=f"(MUNI CODE {code})"
    )


def degrees(value) -> float | None:
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def matches_by_hand() -> dict[int, list[dict]]:
    """Each data brief signatory's GCoM rows in its country within a millionth of a degree, by plain loops."""
    listed = [
        (
            row["country_code"].upper(),
            degrees(row["organisation_latitude"]),
            degrees(row["organisation_longitude"]),
            row,
        )
        for row in covenant_rows()
    ]
    result = {}
    for signatory in data_brief_rows("databrief-signatories.xlsx"):
        latitude, longitude = signatory["Latitude"], signatory["Longitude"]
        result[int(signatory["MUNI CODE"])] = [
            row
            for country, lat, lon, row in listed
            if country == signatory["Country Code"]
            and lat is not None
            and lon is not None
            and abs(lat - latitude) <= 1e-6
            and abs(lon - longitude) <= 1e-6
        ]
    return result


def test_stockholm_jonkoping_and_gothenburg_are_their_municipalities():
    for code, municipality, listed_name in [
        (316, "0180", "Stockholm"),
        (933, "0680", "Jönköping"),
        (312, "1480", "Gothenburg"),
    ]:
        [row] = matches_by_hand()[code]
        assert row["organisation_name"] == listed_name
        authority = Territory.objects.get(code=municipality).authority
        plan = example_plan(code)
        assert plan.organization == authority and plan.note == ""
    assert "Göteborg" in example_plan(312).organization.name
    stockholm = example_plan(316)
    assert stockholm.actions.count() == sum(
        1 for r in data_brief_rows("databrief-actions.xlsx") if r["MUNI CODE"] == 316
    )


def test_the_signatories_matching_one_listed_signatory_are_named_and_the_others_say_why():
    by_hand = matches_by_hand()
    one = {code: rows[0] for code, rows in by_hand.items() if len(rows) == 1}
    assert len(by_hand) == 315 and len(one) == 301  # the same count from 1e-7 to 1e-4 degrees
    plans = {int(p.source.rsplit(" ", 1)[1].rstrip(")")): p for p in ActionPlan.objects.filter(is_example=True)}
    named = {code for code, plan in plans.items() if not plan.organization.name.startswith("JRC data brief")}
    assert named == set(one)
    swedish = {code for code in one if one[code]["country_code"] == "se"}
    assert len(swedish) == 16
    assert all(plans[code].organization.kind == "municipality" for code in swedish)
    for code in set(one) - swedish:
        assert plans[code].organization.name == one[code]["organisation_name"]
        assert plans[code].organization.covenant_id == str(one[code]["organisation_id"]).removesuffix(".0")
    with translation.override("en"):
        ukraine = example_plan(328)
    assert ukraine.organization.name == "JRC data brief 328 (UA)"
    assert "UA" in ukraine.note and "(47.5669, 31.3264)" in ukraine.note  # none in Ukraine there; to a metre
    assert ukraine.organization.description == ukraine.note
    assert "726" in example_plan(3580).note  # a latitude of 726
    assert len(by_hand[3649]) == 3 and "Noale" in example_plan(3649).note


def test_the_pages_show_stockholms_covenant_actions_and_an_unnamed_signatorys_reason(client):
    stockholm = example_plan(316)
    page = client.get(reverse("site:organization_detail", args=[stockholm.organization.pk])).content.decode()
    assert reverse("actions:plan", args=[stockholm.pk]) in page
    library = client.get(reverse("actions:library"), {"land": "SE", "urval": "jrc"}).content.decode()
    assert stockholm.organization.name in library and "JRC data brief" not in library
    ukraine = example_plan(328)
    page = client.get(reverse("actions:plan", args=[ukraine.pk])).content.decode()
    assert ukraine.note and escape(ukraine.note) in page
    page = client.get(reverse("site:organization_detail", args=[ukraine.organization.pk])).content.decode()
    assert escape(ukraine.organization.description) in page


MOJIBAKE = re.compile(r"[├┬─┼╚╬]|Ô[Çéä]|\?\?|\ufffd")


def test_no_imported_text_is_mojibake():
    raw = data_brief_rows("databrief-actions.xlsx")
    scrambled = [row for row in raw if MOJIBAKE.search(str(row["key action description"]))]
    assert len(scrambled) > 600  # what the file holds: UTF-8 read as code page 850
    titles = dict(Action.objects.filter(plan__is_example=True).values_list("source_id", "title"))
    assert not [title for title in titles.values() if MOJIBAKE.search(title)]
    # Independently: the bytes of each scrambled text read back as UTF-8, where no byte was lost.
    for row in scrambled:
        text = str(row["key action description"]).strip()
        try:
            expected = text.encode("cp850").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        assert titles[str(row["ID ACTION"])] == expected[:300]
    examples = {
        "TB3 ÔÇô Organization": "TB3 – Organization",
        "The J├Ânk├Âping Municipality": "The Jönköping Municipality",
        "CENTRE C├??VIC": "CENTRE CÍVIC",
        "ÔÇ£7 League StridesÔÇ?? programme": "“7 League Strides” programme",
        "??öÐûÐ?? 3: Repair": "Дія 3: Repair",
        "Action 7: OnÔÇ??line services": "Action 7: On\u2010line services",
        "Jaun─?? street 37": "Jaunā street 37",
    }
    for broken, fixed in examples.items():
        assert fixed in repair_mojibake(broken)
        assert any(fixed in title for title in titles.values())
    assert repair_mojibake("Göteborg – “rätt”") == "Göteborg – “rätt”"  # correct text is left alone
