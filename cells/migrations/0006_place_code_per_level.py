"""An official code is as wide as its level's (province 2 digits, district 3,
commune 5) and a hamlet has none, checked by the database too; lookups by
code tell the level from the width, so a hamlet can no longer answer to a
district's code.

Rows that break the rule first: hamlet codes are cleared (hamlets are not
official units, and a code on one could only shadow the code of a unit that
is); a province, district or commune whose code has the wrong width stops
the migration with the list, for someone to correct, since its real code is
not ours to guess."""

from django.core.management import CommandError
from django.db import migrations, models
from django.db.models import Q

HAMLET = 4

# The rule as it stands in this migration (the model's may change later).
CODE_FITS_LEVEL = (
    Q(code="")
    | Q(level=1, code__regex="^[0-9]{2}$")
    | Q(level=2, code__regex="^[0-9]{3}$")
    | Q(level=3, code__regex="^[0-9]{5}$")
)


def clear_or_refuse(apps, schema_editor):
    Place = apps.get_model("cells", "Place")
    official = Place.objects.exclude(level=HAMLET)
    misfits = list(official.exclude(CODE_FITS_LEVEL).order_by("level", "pk")[:21])
    if misfits:
        listed = "; ".join(f"id {p.pk} {p.name} (cấp {p.level}, mã “{p.code}”)" for p in misfits[:20])
        raise CommandError(
            "Các đơn vị sau có mã không đúng độ dài của cấp (tỉnh 2 chữ số, huyện 3, xã 5): "
            f"{listed}{' …' if len(misfits) > 20 else ''}. Sửa hoặc xoá các mã này rồi chạy lại migrate."
        )
    cleared = Place.objects.filter(level=HAMLET).exclude(code="").update(code="")
    if cleared:
        print(f"\n  Cleared the code of {cleared} hamlet(s): hamlets have no official code.")


class Migration(migrations.Migration):
    dependencies = [("cells", "0005_numbers_sort_by_value")]

    operations = [
        migrations.RunPython(clear_or_refuse, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=CODE_FITS_LEVEL,
                name="place_code_fits_level",
                violation_error_message="Mã đơn vị không đúng với cấp của đơn vị.",
            ),
        ),
    ]
