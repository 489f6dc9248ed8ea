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
    ]
