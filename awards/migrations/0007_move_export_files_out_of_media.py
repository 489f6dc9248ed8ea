"""Export files stored before under MEDIA_ROOT (where a media route or a proxy
alias served them to anyone) move to PORTAL_FILES_ROOT, each in a folder with
a random name, and the rows follow them (core.files.move_out_of_media).

Not atomic on purpose: each file is moved, then its row is saved at once, so
a run stopped half-way leaves every row pointing at its file, and running
`migrate` again moves the rest."""

from django.db import migrations

from core.files import move_out_of_media


def forwards(apps, schema_editor):
    move_out_of_media(apps.get_model("awards", "ExportJob"))


def backwards(apps, schema_editor):
    move_out_of_media(apps.get_model("awards", "ExportJob"), backwards=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("awards", "0006_export_files_private_storage"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
