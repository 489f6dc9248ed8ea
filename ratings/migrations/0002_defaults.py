from django.db import migrations


def load_defaults(apps, schema_editor):
    from ratings.defaults import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
