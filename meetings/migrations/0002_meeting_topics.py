from django.db import migrations

TOPICS = [
    ("kinh_te", "Phát triển kinh tế"),
    ("nong_thon_moi", "Nông thôn mới"),
    ("giam_ngheo", "Giảm nghèo"),
    ("xay_dung_dang", "Xây dựng Đảng"),
    ("an_ninh_trat_tu", "An ninh trật tự"),
]


def add_topics(apps, schema_editor):
    MeetingTopic = apps.get_model("meetings", "MeetingTopic")
    for code, name in TOPICS:
        MeetingTopic.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
