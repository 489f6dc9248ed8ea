"""The meeting list export of the admin ("Xuất Excel / CSV"): see
cells/resources.py for what every list export does."""

from django.utils.translation import gettext_lazy as _

from core.resources import ListResource, column

from .models import Meeting


class MeetingResource(ListResource):
    cell = column("cell", _("Chi bộ"))
    chair = column("chair", _("Chủ trì"))
    note_taker = column("note_taker", _("Thư ký"))

    class Meta:
        model = Meeting
        fields = [
            "date",
            "cell",
            "kind",
            "start_time",
            "end_time",
            "duration_minutes",
            "location",
            "chair",
            "note_taker",
            "topics",
        ]
        export_order = fields
