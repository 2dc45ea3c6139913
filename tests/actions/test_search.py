"""Searching in Swedish: compounds by their start and the JRC's English actions through the bundled glossary.

The same cases on SQLite and PostgreSQL; the page and the API give the same actions in the same order.
"""

import re

import pytest

from samverkan.actions import glossary
from samverkan.actions.importers.data_brief import repair_mojibake
from samverkan.actions.models import Action, ActionPlan
from samverkan.actions.queries import LibraryFilter, library_search
from samverkan.emissions.models import Sector
from tests.reference import data_brief_rows

pytestmark = pytest.mark.django_db

# Each Swedish word, the Swedish action written for it (as an editor would) and an English action of the JRC's
# data brief it must find through the glossary (titles as they stand in databrief-actions.xlsx).
CASES = {
    "cykel": ("Bygga ut cykelbanan mellan Huskvarna och centrum", "Bicycle traffic promotion"),
    "laddstolpar": ("Fler laddstolpar vid kommunens arbetsplatser", "Network of charging points for electric vehicles"),
    "solceller": ("Solcellsanläggning på stadshusets tak", "Installing photovoltaic solar panels"),
    "fjärrvärme": ("Ansluta förskolorna till fjärrvärmenätet", "District heating network expansion"),
    "isolering": ("Isolering av vindsbjälklag i kommunens skolor", "Thermal insulation of residential buildings"),
    "kollektivtrafik": (
        "Tätare kollektivtrafik mellan Huskvarna och centrum",
        "Public transport: acceleration (bus and tram)",
    ),
}


@pytest.fixture
def swedish_plan(jonkoping):
    """Jönköping's plan (from the survey) with one Swedish action for each case and a vehicle fleet."""
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    sector = Sector.objects.get(slug="transporter")
    for title, _english in CASES.values():
        Action.objects.create(plan=plan, title=title, sector=sector, status="ongoing")
    Action.objects.create(plan=plan, title="Fossilfri fordonsflotta 2030", sector=sector, status="ongoing")
    return plan


def titles(q: str, **filters) -> list[str]:
    return [action.title for action in library_search(LibraryFilter(q=q, **filters), page_size=1000).items]


@pytest.mark.parametrize("word", list(CASES))
def test_a_swedish_word_finds_swedish_and_english_actions_the_direct_match_first(swedish_plan, word):
    swedish, english = CASES[word]
    found = titles(word)
    assert swedish in found and english in found
    assert found.index(swedish) < found.index(english)  # a direct (or compound's) match before a glossary's
    # The English actions come from the JRC's examples: the glossary reaches them.
    assert english in titles(word, examples="jrc") and swedish not in titles(word, examples="jrc")


def test_a_word_finds_the_compounds_that_start_with_it(swedish_plan):
    assert "Fossilfri fordonsflotta 2030" in titles("fordon")
    assert titles("fordon")[0] == "Fossilfri fordonsflotta 2030"
    assert "Gradual replacement of municipal vehicle fleet" in titles("fordon")  # the glossary: vehicle, fleet
    assert "Solcellsanläggning på stadshusets tak" in titles("solceller tak")
    # A stem shorter than four letters stands for itself only: "sol" is no start of "solcellsanläggning".
    assert "Solcellsanläggning på stadshusets tak" not in titles("sol")


def test_english_words_find_swedish_actions_through_the_glossary(swedish_plan):
    assert "Bygga ut cykelbanan mellan Huskvarna och centrum" in titles("bicycle")
    assert "Fossilfri fordonsflotta 2030" in titles("fleet")
    found = titles("insulation")
    assert found.index("Isolering av vindsbjälklag i kommunens skolor") > found.index(
        "Thermal insulation of residential buildings"
    )  # in English the English actions match directly and come first


def test_cykel_finds_the_english_bicycle_actions(swedish_plan):
    english = set(titles("cykel", examples="jrc"))  # before the glossary: none; "bicycle" found 161
    raw = {  # the titles as imported: the file's mojibake repaired (tested in test_data_brief_names.py)
        repair_mojibake(str(row["key action description"]).strip())[:300]
        for row in data_brief_rows("databrief-actions.xlsx")
    }
    # Every title with the word "bicycle" (PostgreSQL reads "bicycle/pedestrian" as one path, not two words).
    bicycle = {title for title in raw if re.search(r"(?<!/)\bbicycles?\b(?!/)", title.lower())}
    assert len(bicycle) > 100 and bicycle <= english
    assert (
        "Bicycle traffic promotion" in english
        and "Cargo bikes (with and without pedelec drive) for traders in Munich **" in english
    )


@pytest.mark.parametrize("word", list(CASES))
def test_the_api_gives_the_same_actions_as_the_page(client, swedish_plan, word):
    page = client.get("/atgarder/", {"q": word}).content.decode()
    rows = page.split('id="actions"')[1].split("</table>")[0]
    on_page = [int(pk) for pk in re.findall(r'<th scope="row"><a href="/atgarder/(\d+)/"', rows)]
    body = client.get("/api/v1/actions", {"q": word, "limit": 50}).json()
    assert [item["id"] for item in body["items"]] == on_page and len(on_page) == min(50, body["count"])
    total = library_search(LibraryFilter(q=word)).total
    assert "som början på ett sammansatt ord (fordon hittar fordonsflotta)" in page  # the help says how it searches
    assert body["count"] == total and re.search(rf"{total:,}".replace(",", "\xa0") + r"\s+åtgärder", page)


def test_the_glossary_is_read_and_a_malformed_row_refused(tmp_path):
    assert glossary.english_terms("fjärrvärmenätet") == glossary.english_terms("fjärrvärme")
    assert "district heating" in glossary.english_terms("fjärrvärme")
    assert "photovoltaic" in glossary.english_terms("solcellsanläggning")  # the longest term it starts with
    assert glossary.english_terms("sol") == () and glossary.swedish_terms("tram") == ("kollektivtrafik", "spårvagn")
    broken = tmp_path / "glossary.csv"
    broken.write_text("swedish,english\ncykel,bicycle\nladd stolpe,charging point\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"glossary\.csv, row 3: a Swedish word and at least one English term"):
        glossary.entries(broken)


@pytest.mark.parametrize("q", ["*", "«»", "'", "fjärrvärme' OR 1=1 --"])
def test_signs_alone_find_nothing_and_break_nothing(client, q):
    # "*" made the page fail on PostgreSQL (no relevance to order by) before.
    response = client.get("/atgarder/", {"q": q})
    assert response.status_code == 200 and client.get("/api/v1/actions", {"q": q}).status_code == 200
    if q != "fjärrvärme' OR 1=1 --":
        assert "0 åtgärder" in response.content.decode()
    else:  # the words, never SQL: "fjärrvärme" and "or" and "1" must all occur
        assert library_search(LibraryFilter(q=q)).total < library_search(LibraryFilter(q="fjärrvärme")).total
