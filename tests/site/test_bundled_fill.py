"""A database seeded by an earlier version gets the English texts the bundle gained since, and keeps every edit."""

import tomllib

import pytest
from django.conf import settings

from samverkan.networks.models import Network
from samverkan.site.bundled import load_bundled
from samverkan.sources.models import Release
from samverkan.targets.models import Target

pytestmark = pytest.mark.django_db


def bundle(name: str) -> dict:
    return tomllib.loads((settings.BUNDLED_DATA_DIR / name).read_text(encoding="utf-8"))


def test_empty_english_texts_are_filled_on_the_next_start_and_edited_ones_kept():
    release_entry = next(r for r in bundle("bundled.toml")["release"] if r["kind"] == "emissions")
    target_entry = next(t for t in bundle("targets/targets.toml")["target"] if t["key"] == "sverige-netto-noll-2045")
    network_entry = next(n for n in bundle("networks/networks.toml")["network"] if n["slug"] == "klimatkommunerna")
    Release.objects.filter(slug=release_entry["slug"]).update(label_en="")
    Target.objects.filter(key="sverige-netto-noll-2045").update(decision_body_en="")
    Network.objects.filter(slug="klimatkommunerna").update(description_en="")
    Network.objects.filter(slug="sveriges-ekokommuner").update(description_en="Written by the coordinators.")

    assert load_bundled() == []  # nothing imported again

    assert Release.objects.get(slug=release_entry["slug"]).label_en == release_entry["label_en"]
    assert Target.objects.get(key="sverige-netto-noll-2045").decision_body_en == target_entry["decision_body_en"]
    assert Network.objects.get(slug="klimatkommunerna").description_en == network_entry["description_en"]
    assert Network.objects.get(slug="sveriges-ekokommuner").description_en == "Written by the coordinators."
    history = Network.objects.get(slug="klimatkommunerna").history.first()
    assert history.history_change_reason == "bundled"
