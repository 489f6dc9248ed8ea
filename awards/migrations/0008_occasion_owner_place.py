"""An occasion belongs to the place that set it; the rows already recorded
have none, so they stay national (changed by superusers only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0007_move_export_files_out_of_media'),
        ('cells', '0005_numbers_sort_by_value'),
    ]

    operations = [
        migrations.AddField(
            model_name='occasion',
            name='place',
            field=models.ForeignKey(blank=True, help_text='Đơn vị tổ chức dịp khen thưởng. Để trống: dịp chung, chỉ quản trị hệ thống sửa.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='occasions', to='cells.place', verbose_name='đơn vị'),
        ),
    ]
