"""Seed the post types every installation starts with, and on PostgreSQL add
the exclusion constraint that keeps single-seat posts from overlapping."""

from django.db import migrations

# (code, name, scope, seats, one of the five hamlet titles, order)
POST_TYPES = [
    ("bi_thu", "Bí thư chi bộ", "cell", 1, True, 10),
    ("truong_thon", "Trưởng thôn, bản, khu phố; tổ trưởng tổ dân phố", "hamlet", 1, True, 20),
    ("truong_ban_mt", "Trưởng ban công tác Mặt trận", "hamlet", 1, True, 30),
    ("thon_doi_truong", "Thôn đội trưởng", "hamlet", 1, True, 40),
    ("to_truong_antt", "Tổ trưởng tổ bảo vệ an ninh, trật tự", "hamlet", 1, True, 50),
    ("pho_bi_thu", "Phó bí thư chi bộ", "cell", 1, False, 60),
    ("chi_uy_vien", "Chi ủy viên", "cell", 5, False, 70),
    ("chi_hoi_nong_dan", "Chi hội trưởng Hội Nông dân", "hamlet", 1, False, 80),
    ("chi_hoi_phu_nu", "Chi hội trưởng Hội Phụ nữ", "hamlet", 1, False, 90),
    ("bi_thu_chi_doan", "Bí thư chi đoàn", "hamlet", 1, False, 100),
    ("chi_hoi_ccb", "Chi hội trưởng Hội Cựu chiến binh", "hamlet", 1, False, 110),
]


def seed_post_types(apps, schema_editor):
    PostType = apps.get_model("cells", "PostType")
    for code, name, scope, seats, is_title, order in POST_TYPES:
        PostType.objects.update_or_create(
            code=code,
            defaults={"name": name, "scope": scope, "seats": seats,
                      "is_hamlet_title": is_title, "order": order},
        )


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no exclusion constraints; Holding.clean() guards there.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE cells_holding ADD CONSTRAINT holding_single_seat_no_overlap "
        "EXCLUDE USING gist (post_id WITH =, daterange(start_date, end_date, '[]') WITH &&) "
        "WHERE (exclusive)"
    )
    schema_editor.execute(
        "ALTER TABLE cells_cellmembership ADD CONSTRAINT cell_membership_no_overlap "
        "EXCLUDE USING gist (member_id WITH =, daterange(start_date, end_date, '[]') WITH &&)"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE cells_holding DROP CONSTRAINT IF EXISTS holding_single_seat_no_overlap")
    schema_editor.execute(
        "ALTER TABLE cells_cellmembership DROP CONSTRAINT IF EXISTS cell_membership_no_overlap"
    )


class Migration(migrations.Migration):
    dependencies = [("cells", "0001_initial")]

    operations = [
        migrations.RunPython(seed_post_types, migrations.RunPython.noop),
        migrations.RunPython(add_exclusion, drop_exclusion),
    ]
