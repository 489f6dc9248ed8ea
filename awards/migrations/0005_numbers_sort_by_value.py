"""Award list keys compare numbers by value (cells 0005)."""

from django.db import migrations

from core.vietnamese import name_sort_key, text_sort_key


def recompute(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    awards = list(
        Award.objects.filter(recipient_name__regex=r"[0-9]").only("pk", "person", "recipient_name")
    )
    for award in awards:
        key = name_sort_key if award.person_id else text_sort_key
        award.name_sort_key = key(award.recipient_name)
    Award.objects.bulk_update(awards, ["name_sort_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_given_name_sorts_in_full"),
        ("cells", "0005_numbers_sort_by_value"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
