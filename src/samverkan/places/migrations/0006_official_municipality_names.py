"""Falu, Kalmar and Orust kommun: the genitive rule had named them Faluns, Kalmars and Orusts kommun."""

from django.db import migrations

RENAMED = {"Faluns kommun": "Falu kommun", "Kalmars kommun": "Kalmar kommun", "Orusts kommun": "Orust kommun"}


def rename(apps, schema_editor):
    Organization = apps.get_model("places", "Organization")
    for wrong, right in RENAMED.items():
        Organization.objects.filter(name=wrong, kind="municipality", country="SE").update(name=right)


class Migration(migrations.Migration):
    dependencies = [("places", "0005_organization_country")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
