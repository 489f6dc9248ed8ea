"""Seed the commendation forms every installation starts with."""

from django.db import migrations

# (code, name, order)
FORMS = [
    ("giay_khen", "Giấy khen", 10),
    ("bang_khen", "Bằng khen", 20),
    ("co_thi_dua", "Cờ thi đua", 30),
    ("huy_hieu_dang", "Huy hiệu Đảng", 40),
]


def seed_forms(apps, schema_editor):
    CommendationForm = apps.get_model("awards", "CommendationForm")
    for code, name, order in FORMS:
        CommendationForm.objects.update_or_create(
            code=code, defaults={"name": name, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed_forms, migrations.RunPython.noop)]
