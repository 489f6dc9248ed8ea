"""Staff groups already stored lose the add, change and delete permissions
of the reference data every place shares (commendation forms, meeting
topics, post types, terms): portal/roles.py no longer grants them, but it
refreshes a group only when an account is assigned to it, so without this
an existing staff account could still rename a form for every district."""

from django.db import migrations

STAFF_GROUP = "Cán bộ nhập liệu"
SHARED_MODELS = {
    "awards": ["commendationform"],
    "meetings": ["meetingtopic"],
    "cells": ["posttype", "term"],
}


def revoke_writes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    writes = Permission.objects.none()
    for app_label, models in SHARED_MODELS.items():
        writes |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        ).exclude(codename__startswith="view_")
    for group in Group.objects.filter(name=STAFF_GROUP):
        group.permissions.remove(*writes)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0005_move_report_files_out_of_media"),
    ]

    # Going back grants nothing: the next account assigned to the group
    # brings it to what portal/roles.py says.
    operations = [migrations.RunPython(revoke_writes, migrations.RunPython.noop)]
