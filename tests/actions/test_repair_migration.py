"""A database imported before the data brief's titles were repaired gets them repaired by migration 0007."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from samverkan.actions.models import Action
from samverkan.actions.search import matching

pytestmark = pytest.mark.django_db
repair = importlib.import_module("samverkan.actions.migrations.0007_repair_data_brief_titles").repair


class Editor:
    connection = connection


def test_titles_scrambled_by_an_earlier_import_are_repaired_and_found_again():
    action = Action.objects.filter(plan__is_example=True, title__contains="–").first()
    good = action.title
    scrambled = good.encode("utf-8").decode("cp850")  # how the data brief had it: "–" read as "ÔÇô"
    assert "ÔÇô" in scrambled
    Action.objects.filter(pk=action.pk).update(title=scrambled)
    repair(apps, Editor())
    action.refresh_from_db()
    assert action.title == good
    word = next(w for w in good.split() if len(w) > 4 and w.isalpha())
    assert matching(Action.objects.filter(pk=action.pk), word).exists()
