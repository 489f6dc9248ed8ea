"""People's sort keys follow the corrected rule: the given name compared in
full (letters, then tones) before the family and middle names."""

from django.db import migrations

from core.vietnamese import name_sort_key


def recompute(apps, schema_editor):
    Person = apps.get_model("cells", "Person")
    people = list(Person.objects.only("pk", "full_name"))
    for person in people:
        person.sort_key = name_sort_key(person.full_name)
    Person.objects.bulk_update(people, ["sort_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("cells", "0002_post_types_and_single_seat_constraint")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
