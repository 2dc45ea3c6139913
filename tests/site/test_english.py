"""English that is English: every bundled text has its English version, and a text in one language only says so."""

import re
import tomllib

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from samverkan.actions.models import Action, ActionPlan
from samverkan.networks.models import Network
from samverkan.places.models import Organization
from samverkan.sources.models import Release
from samverkan.targets.models import Commitment, Target

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def swedish_afterwards():
    """A request in English leaves English active in the thread; the tests after these expect Swedish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def bundle(name: str) -> dict:
    return tomllib.loads((settings.BUNDLED_DATA_DIR / name).read_text(encoding="utf-8"))


def test_every_bundled_text_has_its_english_version_in_the_files():
    missing = []
    for release in bundle("bundled.toml")["release"]:
        missing += [release["slug"] for key in ("label", "dataset_name") if not release.get(f"{key}_en")]
    for name in ("targets/targets.toml", "networks/networks.toml"):
        for kind, entries in bundle(name).items():
            for entry in entries:
                for key in ("name", "description", "note", "decision_body"):
                    if entry.get(key) and not entry.get(f"{key}_en") and kind != "membership":
                        missing.append(f"{name} {kind} {entry.get('name') or entry.get('key')}: {key}")
    # Proper names with no English form; their texts are translated.
    proper_names = {"Norrbottens energikontor AB, NENET", "Energikontor Väst"}
    assert [line for line in missing if not any(f" {n}: name" in line for n in proper_names)] == []


def test_every_loaded_bundled_text_has_its_english_version():
    assert Release.objects.count() == 12
    assert list(Release.objects.filter(label_en="").values_list("slug", flat=True)) == []
    assert list(Network.objects.exclude(description="").filter(description_en="").values_list("slug", flat=True)) == []
    assert list(Commitment.objects.filter(description_en="").values_list("slug", flat=True)) == []
    bundled_targets = Target.objects.exclude(key=None)
    assert bundled_targets.count() == 5
    assert list(bundled_targets.filter(decision_body_en="").values_list("key", flat=True)) == []
    state = Organization.objects.get(name="Sveriges riksdag och regering")
    assert (state.name_en, state.description_en) == (
        "The Swedish Riksdag and Government",
        "The state: the Riksdag decides Sweden's climate targets, the Government carries out the climate policy.",
    )


def test_release_labels_are_english_on_english_pages_and_swedish_on_swedish_ones(client):
    swedish = client.get("/kommuner/0680/").content.decode()
    assert "Utgåvan 2026 (data t.o.m. 2024)" in swedish and "2026 edition" not in swedish
    html = english(client).get("/kommuner/0680/").content.decode()
    assert "2026 edition (data up to 2024)" in html
    assert "Utgåvan" not in html and "t.o.m." not in html
    ranking = client.get("/utslapp/").content.decode()
    assert "2025 edition (data up to 2023)" in ranking and "Utgåvan 2025" not in ranking
    with translation.override("en"):
        assert Release.objects.get(slug="klimatkollen-2026").display_label == "2026 edition (data up to 2024)"
    with translation.override("sv"):
        assert Release.objects.get(slug="klimatkollen-2026").display_label == "Utgåvan 2026 (data t.o.m. 2024)"


def test_decision_bodies_and_owners_are_english_on_english_pages(client):
    swedish = client.get("/kommuner/0680/").content.decode()
    assert "Sveriges riksdag och regering" in swedish and "varje undertecknares fullmäktige" in swedish
    html = english(client).get("/kommuner/0680/").content.decode()
    assert "The Swedish Riksdag and Government" in html and "Sveriges riksdag och regering" not in html
    assert "Decided by the Riksdag" in html and "Decided by Riksdagen" not in html
    assert "each signatory&#x27;s council" in html and "varje undertecknares fullmäktige" not in html
    method = english(client).get("/framsteg/metod/").content.decode()
    assert "The Swedish Riksdag and Government" in method
    assert "No net greenhouse-gas emissions by 2045 at the latest" in method


def test_a_network_description_is_english_and_its_swedish_source_says_it_is_swedish(client):
    swedish = client.get("/natverk/klimatkommunerna/").content.decode()
    assert "En ideell förening för kommuner och regioner" in swedish and "lang-label" not in swedish
    html = english(client).get("/natverk/klimatkommunerna/").content.decode()
    assert "A non-profit association for municipalities and regions at the forefront of climate work." in html
    assert "En ideell förening" not in html
    source = re.search(r'Source: <span lang="sv">(.*?)</span> <small class="lang-label">Swedish</small>', html)
    # The source page named by its title and linked (never "källsida 000"), marked as Swedish.
    assert source and source.group(1).startswith("Klimatkommunerna: ")
    assert "Vad är Klimatkommunerna?" in source.group(1) and "<a href=" in source.group(1)
    assert "källsida" not in source.group(1)


def test_a_text_with_no_english_version_is_marked_swedish_on_an_english_page(client):
    network = Network.objects.get(slug="klimatkommunerna")
    network.description_en = ""
    network.save()
    html = english(client).get("/natverk/klimatkommunerna/").content.decode()
    assert '<p class="prose"><span lang="sv">En ideell förening för kommuner' in html
    assert '<small class="lang-label">Swedish</small>' in html


def test_the_jrc_english_actions_are_marked_english_in_the_swedish_library_and_on_their_pages(client):
    html = client.get("/atgarder/?q=bicycle&urval=jrc").content.decode()
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">(.*?)</a>', html)
    assert len(rows) == 50  # a page
    marked_english = r'<span lang="en">[^<]+</span> <small class="lang-label">engelska</small>'
    assert all(re.fullmatch(marked_english, row) for row in rows)
    example = Action.objects.filter(plan__is_example=True, title="Changes in indoor lighting").first()
    page = client.get(f"/atgarder/{example.pk}/").content.decode()
    heading = '<h1><span lang="en">Changes in indoor lighting</span> <small class="lang-label">engelska</small></h1>'
    assert heading in page
    in_english = english(client).get(f"/atgarder/{example.pk}/").content.decode()
    assert "<h1>Changes in indoor lighting</h1>" in in_english and "lang-label" not in in_english


def test_a_swedish_plan_is_not_marked_in_the_swedish_library_and_is_marked_swedish_in_the_english_one(
    client, jonkoping
):
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    Action.objects.create(plan=plan, title="Bygga ut cykelbanan mellan Huskvarna och centrum", status="ongoing")
    html = client.get("/atgarder/?urval=se").content.decode()
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">(.*?)</a>', html)
    assert rows == ["Bygga ut cykelbanan mellan Huskvarna och centrum"]
    html = english(client).get("/atgarder/?urval=se").content.decode()
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">(.*?)</a>', html)
    title = "Bygga ut cykelbanan mellan Huskvarna och centrum"
    assert rows == [f'<span lang="sv">{title}</span> <small class="lang-label">Swedish</small>']


@pytest.mark.parametrize(
    ("page_language", "expected"),
    [
        ("sv", '<span lang="en">&lt;b&gt;Bike &amp; ride&lt;/b&gt;</span> <small class="lang-label">engelska</small>'),
        ("en", "&lt;b&gt;Bike &amp; ride&lt;/b&gt;"),
    ],
)
def test_in_lang_escapes_the_text_and_marks_it_only_on_a_page_in_another_language(page_language, expected):
    template = Template('{% load samverkan %}{% in_lang text "en" %}|{% in_lang text "xx" %}|{% in_lang "" "en" %}')
    with translation.override(page_language):
        rendered = template.render(Context({"text": "<b>Bike & ride</b>"}))
    assert rendered == f"{expected}|&lt;b&gt;Bike &amp; ride&lt;/b&gt;|"
