"""History stays where it stood: a cell carries the path of the place it
hangs on (found under a hamlet, not only under its commune); a place
carries its lineage, the paths of the predecessors whose records are its
past; a link of a divided predecessor says which successor took its seat."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_cell_paths(apps, schema_editor):
    Cell = apps.get_model("cells", "Cell")
    Place = apps.get_model("cells", "Place")
    PartyCommittee = apps.get_model("cells", "PartyCommittee")
    hamlet_path = Place.objects.filter(pk=OuterRef("hamlet_id")).values("path")[:1]
    committee_path = PartyCommittee.objects.filter(pk=OuterRef("committee_id")).values(
        "place__path"
    )[:1]
    Cell.objects.update(path=Coalesce(Subquery(hamlet_path), Subquery(committee_path)))


def fill_lineage(apps, schema_editor):
    from cells.lineage import refresh_lineage

    Place = apps.get_model("cells", "Place")
    Succession = apps.get_model("cells", "Succession")
    successors = Place.objects.filter(
        pk__in=Succession.objects.values("successor_id")
    ).only("path")
    refresh_lineage(list(successors), place_model=Place, succession=Succession)


def membership_overlap_deferrable(apps, schema_editor):
    """A reorganisation closes a cell's memberships and starts them again in
    the successor in two statements; the no-overlap check waits for the end
    of its transaction (SET CONSTRAINTS … DEFERRED there), nowhere else."""
    _membership_overlap(schema_editor, "DEFERRABLE INITIALLY IMMEDIATE")


def membership_overlap_immediate(apps, schema_editor):
    _membership_overlap(schema_editor, "")


def _membership_overlap(schema_editor, timing):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE cells_cellmembership DROP CONSTRAINT IF EXISTS cell_membership_no_overlap"
    )
    schema_editor.execute(
        "ALTER TABLE cells_cellmembership ADD CONSTRAINT cell_membership_no_overlap "
        "EXCLUDE USING gist (member_id WITH =, daterange(start_date, end_date, '[]') WITH &&) "
        + timing
    )


class Migration(migrations.Migration):
    dependencies = [("cells", "0008_reorganisations")]

    operations = [
        migrations.AddField(
            model_name="cell",
            name="path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=80),
            preserve_default=False,
        ),
        migrations.RunPython(fill_cell_paths, migrations.RunPython.noop),
        migrations.AddField(
            model_name="place",
            name="lineage",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="succession",
            name="takes_seat",
            field=models.BooleanField(default=True, verbose_name="nhận trụ sở"),
        ),
        migrations.RunPython(fill_lineage, migrations.RunPython.noop),
        migrations.RunPython(membership_overlap_deferrable, membership_overlap_immediate),
        migrations.AlterField(
            model_name="reorganisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("sap_nhap", "Sáp nhập"),
                    ("chia_tach", "Chia tách"),
                    ("giai_the", "Giải thể"),
                    ("doi_ten", "Đổi tên"),
                    ("chuyen_loai", "Chuyển loại (thôn ↔ tổ dân phố)"),
                    ("dieu_chuyen", "Chuyển đơn vị trực thuộc"),
                    ("sap_xep", "Sắp xếp (sáp nhập, chia tách)"),
                ],
                max_length=20,
                verbose_name="hình thức",
            ),
        ),
    ]
