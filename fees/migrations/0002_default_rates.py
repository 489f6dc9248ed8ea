"""The rates and the cell's share as the rules set them; a later change of
the rules is a new dated row (a new migration or the superuser's admin).

* From 02/2026, QĐ 01-QĐ/TW of 03/02/2026: 1% of the salary used for social
  insurance, 1% of allowances, 0.5% of a pension, 5,000 đ a month for a
  student, "other": the amount the cell sets (the basis amount itself).
* Before it (from 01/2011), QĐ 342-QĐ/TW of 28/12/2010, with the same
  percentages and 2,000 đ a month for a student, so the months the portal
  already holds (from 2023) are computed by the rule of their day. The
  student amount of QĐ 342 is entered from memory of the text: check it.
* The cell's share: a cell under a grassroots committee keeps 30% of what it
  collects and remits 70% (QĐ 342-QĐ/TW). QĐ 01-QĐ/TW's own figure could
  not be checked here, so the same row carries on until one is entered.
"""

import datetime
from decimal import Decimal

from django.db import migrations

QD_342 = "Quy định 342-QĐ/TW ngày 28/12/2010"
QD_01 = "Quy định 01-QĐ/TW ngày 03/02/2026"
RATES = [
    # (kind, from, percent, amount, rule)
    ("luong", datetime.date(2011, 1, 1), Decimal("1"), None, QD_342),
    ("phu_cap", datetime.date(2011, 1, 1), Decimal("1"), None, QD_342),
    ("luong_huu", datetime.date(2011, 1, 1), Decimal("0.5"), None, QD_342),
    ("sinh_vien", datetime.date(2011, 1, 1), None, 2000, QD_342),
    ("khac", datetime.date(2011, 1, 1), None, None, QD_342),
    ("luong", datetime.date(2026, 2, 1), Decimal("1"), None, QD_01),
    ("phu_cap", datetime.date(2026, 2, 1), Decimal("1"), None, QD_01),
    ("luong_huu", datetime.date(2026, 2, 1), Decimal("0.5"), None, QD_01),
    ("sinh_vien", datetime.date(2026, 2, 1), None, 5000, QD_01),
    ("khac", datetime.date(2026, 2, 1), None, None, QD_01),
]


def load(apps, schema_editor):
    FeeRate = apps.get_model("fees", "FeeRate")
    FeeShare = apps.get_model("fees", "FeeShare")
    for kind, valid_from, percent, amount, rule in RATES:
        FeeRate.objects.get_or_create(
            kind=kind,
            valid_from=valid_from,
            defaults={"percent": percent, "amount": amount, "rule": rule},
        )
    FeeShare.objects.get_or_create(
        valid_from=datetime.date(2011, 1, 1),
        defaults={"cell_percent": Decimal("30"), "rule": QD_342},
    )


class Migration(migrations.Migration):
    dependencies = [("fees", "0001_fees")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
