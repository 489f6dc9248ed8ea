"""Reorganisations as dated records; predecessor → successor links of places
and cells become many-to-many (a split has several successors). Every link
the single `successor` field held is kept as a Succession row."""

import core.audit
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_successor_links(apps, schema_editor):
    for model, link in (("Place", "Succession"), ("Cell", "CellSuccession")):
        rows = apps.get_model("cells", model).objects.filter(successor__isnull=False)
        links = apps.get_model("cells", link)
        links.objects.bulk_create(
            links(predecessor_id=pk, successor_id=successor)
            for pk, successor in rows.values_list("pk", "successor_id")
        )


def copy_successor_links_back(apps, schema_editor):
    # One successor per unit fits the old field: the first one recorded.
    for model, link in (("Place", "Succession"), ("Cell", "CellSuccession")):
        units = apps.get_model("cells", model).objects
        for predecessor, successor in (
            apps.get_model("cells", link)
            .objects.order_by("-pk")
            .values_list("predecessor_id", "successor_id")
        ):
            units.filter(pk=predecessor).update(successor_id=successor)


class Migration(migrations.Migration):
    dependencies = [
        ("cells", "0007_staged_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Reorganisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("sap_nhap", "Sáp nhập"),
                            ("chia_tach", "Chia tách"),
                            ("giai_the", "Giải thể"),
                            ("doi_ten", "Đổi tên"),
                            ("chuyen_loai", "Chuyển loại (thôn ↔ tổ dân phố)"),
                            ("dieu_chuyen", "Chuyển đơn vị trực thuộc"),
                        ],
                        max_length=20,
                        verbose_name="hình thức",
                    ),
                ),
                (
                    "subject",
                    models.PositiveSmallIntegerField(
                        choices=[(3, "Xã, phường"), (4, "Thôn, tổ dân phố"), (9, "Chi bộ")],
                        verbose_name="đối tượng",
                    ),
                ),
                ("effective_on", models.DateField(verbose_name="ngày có hiệu lực")),
                (
                    "decision_number",
                    models.CharField(blank=True, max_length=60, verbose_name="số văn bản"),
                ),
                (
                    "decision_date",
                    models.DateField(blank=True, null=True, verbose_name="ngày văn bản"),
                ),
                (
                    "decided_by",
                    models.CharField(
                        blank=True,
                        help_text="Ví dụ: Hội đồng nhân dân xã …; Ủy ban Thường vụ Quốc hội.",
                        max_length=200,
                        verbose_name="cơ quan quyết định",
                    ),
                ),
                (
                    "applied_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="áp dụng lúc"),
                ),
                (
                    "undone_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="hoàn tác lúc"),
                ),
                ("journal", models.JSONField(default=dict, editable=False)),
                (
                    "applied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người áp dụng",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        help_text="Đơn vị thấp nhất chứa mọi đơn vị được sắp xếp.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reorganisations",
                        to="cells.place",
                        verbose_name="phạm vi",
                    ),
                ),
            ],
            options={
                "verbose_name": "sắp xếp đơn vị",
                "verbose_name_plural": "sắp xếp đơn vị",
                "ordering": ["-effective_on", "-pk"],
            },
            bases=(core.audit.AuditScoped, models.Model),
        ),
        migrations.CreateModel(
            name="Succession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "predecessor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="successions_from",
                        to="cells.place",
                    ),
                ),
                (
                    "reorganisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="successions",
                        to="cells.reorganisation",
                    ),
                ),
                (
                    "successor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="successions_to",
                        to="cells.place",
                    ),
                ),
            ],
            options={
                "verbose_name": "kế thừa đơn vị",
                "verbose_name_plural": "kế thừa đơn vị",
            },
            bases=(core.audit.AuditScoped, models.Model),
        ),
        migrations.CreateModel(
            name="CellSuccession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "predecessor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="successions_from",
                        to="cells.cell",
                    ),
                ),
                (
                    "successor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="successions_to",
                        to="cells.cell",
                    ),
                ),
            ],
            options={
                "verbose_name": "kế thừa chi bộ",
                "verbose_name_plural": "kế thừa chi bộ",
            },
            bases=(core.audit.AuditScoped, models.Model),
        ),
        migrations.AddField(
            model_name="cellsuccession",
            name="reorganisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cell_successions",
                to="cells.reorganisation",
            ),
        ),
        migrations.RunPython(copy_successor_links, copy_successor_links_back),
        migrations.RemoveField(
            model_name="cell",
            name="successor",
        ),
        migrations.RemoveField(
            model_name="place",
            name="successor",
        ),
        migrations.AddField(
            model_name="cell",
            name="successors",
            field=models.ManyToManyField(
                blank=True,
                related_name="predecessors",
                through="cells.CellSuccession",
                to="cells.cell",
                verbose_name="chi bộ kế thừa",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="successors",
            field=models.ManyToManyField(
                blank=True,
                related_name="predecessors",
                through="cells.Succession",
                to="cells.place",
                verbose_name="đơn vị kế thừa",
            ),
        ),
        migrations.AddConstraint(
            model_name="cellsuccession",
            constraint=models.UniqueConstraint(
                fields=("predecessor", "successor"), name="cell_succession_unique_pair"
            ),
        ),
        migrations.AddConstraint(
            model_name="succession",
            constraint=models.UniqueConstraint(
                fields=("predecessor", "successor"), name="succession_unique_pair"
            ),
        ),
    ]
