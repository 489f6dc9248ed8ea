"""Sort keys compare numbers by value ("Thôn 2" before "Thôn 10"): the keys
of names with a digit are recomputed."""

from django.db import migrations

from core.vietnamese import name_sort_key, text_sort_key

WITH_A_DIGIT = r"[0-9]"


def _recompute(model, field, key):
    rows = list(model.objects.filter(**{f"{field}__regex": WITH_A_DIGIT}).only("pk", field))
    for row in rows:
        row.sort_key = key(getattr(row, field))
    model.objects.bulk_update(rows, ["sort_key"], batch_size=2000)


def recompute(apps, schema_editor):
    _recompute(apps.get_model("cells", "Place"), "name", text_sort_key)
    _recompute(apps.get_model("cells", "Cell"), "name", text_sort_key)
    _recompute(apps.get_model("cells", "Person"), "full_name", name_sort_key)


class Migration(migrations.Migration):
    dependencies = [("cells", "0004_summary_indexes")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
