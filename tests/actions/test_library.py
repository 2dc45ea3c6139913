"""The action library: the same search cases on SQLite and PostgreSQL, filters, pages and the API."""

import re

import pytest
from django.utils import translation

from samverkan.actions import search
from samverkan.actions.importers import repair_mojibake
from samverkan.actions.models import Action, ActionPlan, StatusUpdate
from samverkan.actions.queries import LibraryFilter, library_search, similar_actions
from samverkan.emissions.models import Sector
from tests.reference import data_brief_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish_actions(jonkoping):
    """Two actions in Jönköping's plan (its plan from the survey), written the way the editors will write them."""
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    transport = Sector.objects.get(slug="transporter")
    cycle = Action.objects.create(
        plan=plan,
        title="Bygga ut cykelbanan mellan Huskvarna och centrum",
        description="Sammanhängande cykelbanor längs Vättern.",
        sector=transport,
        covenant_sector="TRANSPORT",
        status="ongoing",
        effect_t_co2e=120,
    )
    hidden = Action.objects.create(
        plan=plan, title="Intern cykelbana vid förrådet", sector=transport, status="ongoing", public=False
    )
    return cycle, hidden


def titles(filters: LibraryFilter) -> list[str]:
    return [action.title for action in library_search(filters, page_size=500).items]


def test_swedish_stemming_finds_other_forms(swedish_actions):
    cycle, hidden = swedish_actions
    for words in ("cykelbanor", "cykelbana", "Cykelbanor Vättern"):
        assert titles(LibraryFilter(q=words, examples="se")) == [cycle.title], words
        assert titles(LibraryFilter(q=words))[0] == cycle.title, words  # before the English ones the glossary finds
    assert hidden.title not in titles(LibraryFilter(q="cykelbana"))  # internal: not in the public library


def test_english_stemming_finds_insulate_from_insulation():
    raw = [row["key action description"] for row in data_brief_rows("databrief-actions.xlsx")]
    found = set(titles(LibraryFilter(q="insulation", examples="jrc")))
    # Every description with "insulation" is found; and so are those with only "insulate"/"insulating".
    # (as imported: the file's mojibake mapped back, tested in test_data_brief_names)
    with_insulation = {
        repair_mojibake(text.strip())[:300] for text in raw if re.search(r"\binsulation\b", text.lower())
    }
    assert with_insulation <= found
    assert any("insulat" in t.lower() and "insulation" not in t.lower() for t in found)
    insulate = set(titles(LibraryFilter(q="insulate", examples="jrc")))
    # and "insulate" also the start of a word cut short ("Roof Insulatio" in a title the brief cut at 80 characters)
    assert found <= insulate and all("insulat" in t.lower() for t in insulate - found)


def test_every_word_must_match_and_filters_narrow(swedish_actions):
    raw = data_brief_rows("databrief-actions.xlsx")
    solar_it = [
        r for r in raw if "solar" in str(r["key action description"]).lower() and r["MUNI CODE"] in italian_codes()
    ]
    found = library_search(LibraryFilter(q="solar", country="IT"), page_size=500)
    assert found.total >= len([r for r in solar_it if " solar " in f" {str(r['key action description']).lower()} "])
    assert {a.plan.organization.country for a in found.items} == {"IT"}
    completed = library_search(LibraryFilter(q="solar", country="IT", status="completed"), page_size=500)
    assert 0 < completed.total < found.total and {a.status for a in completed.items} == {"completed"}
    assert titles(LibraryFilter(q="cykelbana solar")) == []


def test_pages_carry_the_total_and_follow_each_other():
    words = LibraryFilter(q="solar", country="IT")
    everything = library_search(words, page_size=500)
    first, second = library_search(words, page=1, page_size=20), library_search(words, page=2, page_size=20)
    assert first.total == second.total == everything.total > 40
    assert [a.pk for a in first.items + second.items] == [a.pk for a in everything.items[:40]]
    beyond = library_search(words, page=first.pages + 1, page_size=20)
    assert beyond.items == [] and beyond.total == everything.total
    by_effect = LibraryFilter(covenant_sector="TRANSPORT", order="effect")
    assert library_search(by_effect, page=3, page_size=10).total == library_search(by_effect, page_size=10).total


def italian_codes() -> set:
    return {r["MUNI CODE"] for r in data_brief_rows("databrief-signatories.xlsx") if r["Country Code"] == "IT"}


def test_sorting_by_effect_puts_the_largest_first():
    found = library_search(LibraryFilter(covenant_sector="LOCAL_ELECTRICITY_PRODUCTION", order="effect"))
    effects = [a.effect_t_co2e for a in found.items if a.effect_t_co2e is not None]
    assert effects == sorted(effects, reverse=True)
    raw = [
        r["CO2 red"]
        for r in data_brief_rows("databrief-actions.xlsx")
        if r["Sector"] == "LOCAL_ELECTRICITY_PRODUCTION" and isinstance(r["CO2 red"], float)
    ]
    assert effects[0] == max(raw)
    assert found.total == 977  # the data brief's count for that sector


def test_size_of_the_municipality_uses_each_signatorys_inhabitants(swedish_actions):
    small = library_search(LibraryFilter(size="small", examples="jrc"), page_size=500)
    codes = {r["MUNI CODE"] for r in data_brief_rows("databrief-signatories.xlsx") if r["N. Inhabit"] < 15_000}
    expected = sum(1 for r in data_brief_rows("databrief-actions.xlsx") if r["MUNI CODE"] in codes)
    assert small.total == expected
    # Jönköping (about 146 000 inhabitants by SCB) is "large".
    cycle, _hidden = swedish_actions
    assert cycle.title in titles(LibraryFilter(size="large", examples="se"))


def test_similar_actions_share_the_area_and_words():
    action = Action.objects.get(source_id="216359")  # Thermal insulation of residential buildings
    similar = similar_actions(action)
    assert len(similar) == 5
    assert all(a.area_id == action.area_id for a in similar)
    assert all(a.plan.organization_id != action.plan.organization_id for a in similar)
    assert "insulation" in similar[0].title.lower()


def test_the_search_index_follows_edits_and_deletions(swedish_actions):
    cycle, _hidden = swedish_actions
    cycle.title = "Laddstolpar vid pendlarparkeringar"
    cycle.description = ""
    cycle.save()
    assert titles(LibraryFilter(q="cykelbana", examples="se")) == []
    assert titles(LibraryFilter(q="laddstolpe", examples="se")) == ["Laddstolpar vid pendlarparkeringar"]
    cycle.delete()
    assert titles(LibraryFilter(q="laddstolpe", examples="se")) == []
    assert search.words("Cykelbanor, 2030!") == ["cykelbanor", "2030"]


def test_library_page_and_bad_filters(client, swedish_actions):
    page = client.get("/atgarder/?q=cykelbanor&urval=se").content.decode()
    assert "Bygga ut cykelbanan mellan Huskvarna och centrum" in page and "1 åtgärd" in page
    for query, message in [
        ("minsta_effekt=mycket", "är inte ett tal"),
        ("minsta_effekt=-3", "är negativt"),
        ("status=klar", "är inte en status"),
        ("storlek=jätte", "är inte en storlek"),
        ("sektor=rymden", "rymden är inte en huvudsektor"),
        ("sektor=ofordelat", "ofordelat är inte en huvudsektor"),  # the residual is no sector of an action
        ("omrade=MOONBASE", "MOONBASE är inte en sektor i Borgmästaravtalet"),
        ("styrmedel=mutor", "mutor är inte ett styrmedel"),
        ("urval=alla", "all är inte se, jrc"),  # the page reads three letters
        ("land=S1", "S1 är inte en landskod med två bokstäver"),
    ]:
        response = client.get(f"/atgarder/?{query}")
        assert response.status_code == 422 and message in response.content.decode(), query


@pytest.mark.parametrize("page", ["²", "abc", "-1", "99999999999999999999", "0"])
def test_a_page_number_that_is_no_page_shows_the_first(client, page):
    first = client.get("/atgarder/?omrade=TRANSPORT").content.decode()
    response = client.get(f"/atgarder/?omrade=TRANSPORT&sida={page}")
    assert response.status_code == 200
    rows = response.content.decode().split('id="actions"')[1].split("</table>")[0]
    assert rows == first.split('id="actions"')[1].split("</table>")[0]


def test_the_api_names_bad_filters_too(client):
    for query, named in [("sector=rymden", "rymden"), ("covenant_sector=MOONBASE", "MOONBASE"), ("policy_type=x", "x")]:
        response = client.get(f"/api/v1/actions?{query}")
        assert response.status_code == 422 and named in response.json()["detail"], query


def test_action_and_plan_pages(client, swedish_actions, jonkoping, person):
    cycle, hidden = swedish_actions
    StatusUpdate.objects.create(action=cycle, date="2026-10-01", status="ongoing", completion=40, note="Etapp 1 klar")
    page = client.get(f"/atgarder/{cycle.pk}/").content.decode()
    assert "Etapp 1 klar" in page and "40 %" in page
    assert client.get(f"/atgarder/{hidden.pk}/").status_code == 404  # internal: not for everyone
    client.force_login(person("viewer"))  # Jönköping's own people read it
    assert client.get(f"/atgarder/{hidden.pk}/").status_code == 200
    plan = client.get(f"/planer/{cycle.plan_id}/").content.decode()
    assert "Hållbarhetsprogram 2022–2030" in plan and "Intern cykelbana" in plan


def test_the_api(client, swedish_actions):
    cycle, _hidden = swedish_actions
    with translation.override("en"):
        body = client.get("/api/v1/actions?q=cykelbanor").json()
        assert body["count"] > 1 and body["items"][0]["id"] == cycle.pk  # the English cycle lanes after it
        assert body["items"][0]["plan"]["organization_name"] == "Jönköpings kommun"
        detail = client.get(f"/api/v1/actions/{cycle.pk}").json()
        assert detail["sector"] == "transporter" and len(detail["similar"]) <= 5
        plans = client.get("/api/v1/municipalities/0680/action-plans").json()
        assert plans["items"][0]["title"] == "Hållbarhetsprogram 2022–2030" and plans["items"][0]["actions"] == 1
        assert client.get("/api/v1/actions/99999999").status_code == 404
        assert client.get("/api/v1/municipalities/9999/action-plans").status_code == 404
        assert client.get("/api/v1/actions?status=done").status_code == 422
        assert client.get("/api/v1/actions?country=Sweden").status_code == 422
        examples = client.get("/api/v1/actions?country=at&order=effect").json()
        assert examples["count"] == sum(
            1
            for r in data_brief_rows("databrief-actions.xlsx")
            if r["MUNI CODE"]
            in {s["MUNI CODE"] for s in data_brief_rows("databrief-signatories.xlsx") if s["Country Code"] == "AT"}
        )
