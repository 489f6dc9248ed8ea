"""Award list keys follow the corrected name order (cells 0003)."""

from django.db import migrations

from core.vietnamese import name_sort_key


def recompute(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    awards = list(Award.objects.filter(person__isnull=False).only("pk", "recipient_name"))
    for award in awards:
        award.name_sort_key = name_sort_key(award.recipient_name)
    Award.objects.bulk_update(awards, ["name_sort_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_list_order_index"), ("cells", "0003_given_name_sorts_in_full")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
