"""Names in Swedish order (A … Z, Å, Ä, Ö) on both databases: the 290 municipalities as the oracle."""

import re

import pytest

from samverkan.core.db import swedish
from samverkan.places import queries
from samverkan.places.models import Territory

pytestmark = pytest.mark.django_db

# The oracle, written here rather than imported: å, ä and ö are letters after z; case is ignored.
AFTER_Z = {"å": "zz1", "ä": "zz2", "ö": "zz3"}


def oracle(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: [AFTER_Z.get(ch, ch) for ch in name.lower()])


def test_the_290_municipalities_sort_in_swedish_order_in_the_database():
    names = list(Territory.objects.municipalities().order_by(swedish("name")).values_list("name", flat=True))
    assert len(names) == 290
    assert names == oracle(names)
    # Å, Ä, Ö come last, after Ystad; Österåker sits with the Ö names, not with Orsa and Osby.
    assert names[-1] == "Övertorneå"
    assert names.index("Ystad") < names.index("Åmål") < names.index("Älmhult") < names.index("Örebro")
    assert names.index("Osby") < names.index("Österåker")


def test_the_county_page_lists_its_municipalities_in_swedish_order(client):
    html = client.get("/lan/01/").content.decode()
    shown = re.findall(r'href="/kommuner/\d{4}/"[^>]*>([^<]+)<', html)
    names = [name.strip() for name in shown]
    assert len(names) == 26
    assert names == oracle(names)
    assert names.index("Nynäshamn") < names.index("Salem") < names.index("Österåker")


def test_the_home_page_lists_österåker_after_the_other_stockholm_names(client):
    html = client.get("/").content.decode()
    assert html.index(">Nynäshamn<") < html.index(">Salem<") < html.index(">Österåker<")


def test_municipality_search_lists_its_matches_in_swedish_order():
    found = [t.name for t in queries.municipality_search("", None)]
    assert found == oracle(found)
    assert len(found) == 290
    assert found.index("Salem") < found.index("Österåker") and found[-1] == "Övertorneå"
