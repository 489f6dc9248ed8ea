"""The award list export of the admin ("Xuất Excel / CSV"), one row per
award as the change list shows them; the printed list of a decision is
awards/exports.py. See cells/resources.py for what every list export does."""

from django.utils.translation import gettext_lazy as _

from core.resources import ListResource, column

from .models import Award


class AwardResource(ListResource):
    decision_number = column("decision__number", _("Số quyết định"))
    decision_date = column("decision__date", _("Ngày quyết định"))
    form = column("decision__form", _("Hình thức khen thưởng"))
    commune = column("commune_name", _("Xã, phường, thị trấn"))

    class Meta:
        model = Award
        fields = [
            "recipient_name",
            "post_title",
            "unit_name",
            "commune",
            "is_collective",
            "decision_number",
            "decision_date",
            "form",
            "badge_years",
            "achievement",
            "amount",
        ]
        export_order = fields
