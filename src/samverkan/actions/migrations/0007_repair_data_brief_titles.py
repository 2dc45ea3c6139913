"""The data brief's titles imported before the repair of their encoding ("ÔÇô" for "–", "├Â" for "ö"), repaired.

A fresh database imports them repaired; this brings a database imported by an earlier version to the same texts,
and its SQLite search index with them (PostgreSQL's search columns follow by themselves).
"""

from django.db import migrations

from samverkan.actions.importers.data_brief import repair_mojibake
from samverkan.actions.search import reindex

SIGNS = ("Ô", "├", "─", "┼", "Ð")


def repair(apps, schema_editor):
    action_model = apps.get_model("actions", "Action")
    repaired = []
    for action in action_model.objects.filter(plan__is_example=True).only("pk", "title", "description").iterator():
        if any(sign in action.title for sign in SIGNS):
            title = repair_mojibake(action.title)[:300]
            if title != action.title:
                action.title = title
                repaired.append(action)
    action_model.objects.bulk_update(repaired, ["title"], batch_size=500)
    reindex(repaired)  # SQLite's search index; PostgreSQL's columns follow the titles by themselves


class Migration(migrations.Migration):
    dependencies = [("actions", "0006_plausible_ranges")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
