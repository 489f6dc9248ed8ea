"""The meetings section of the area summary (see core.sections): the same
code path as the rule checks of the admin (meetings.compliance)."""

from django.utils.translation import gettext_lazy as _

from core.periods import Period
from core.sections import Section

from .compliance import area_figures, area_figures_with_communes, no_figures

# Keys the summary promises; compliance adds a few more.
KEYS = (
    "period",
    "meetings_expected",
    "meetings_held",
    "meeting_compliance",
    "thematic_meetings",
    "cells_without_thematic",
    "short_meetings",
    "cadre_assignments",
    "cadre_attendance_share",
)


class MeetingSection(Section):
    """Meeting figures of an area over `period`, or the month of `date` when
    there is none: four queries for the area, the same four for the area and
    its communes together."""

    labels = {
        "meetings_expected": _("Số buổi sinh hoạt thường kỳ phải họp"),
        "meetings_held": _("Số buổi đã họp"),
        "meeting_compliance": _("Tỷ lệ sinh hoạt đúng quy định"),
        "thematic_meetings": _("Số buổi sinh hoạt chuyên đề"),
        "cells_without_thematic": _("Chi bộ chưa sinh hoạt chuyên đề trong quý"),
        "quarters_without_thematic": _("Lượt chi bộ-quý chưa sinh hoạt chuyên đề"),
        "meetings": _("Tổng số buổi sinh hoạt đã ghi"),
        "regular_meetings": _("Buổi sinh hoạt thường kỳ đã ghi"),
        "short_meetings": _("Buổi sinh hoạt chưa đủ thời lượng"),
        "papers_late": _("Buổi gửi tài liệu muộn"),
        "low_attendance_meetings": _("Buổi có tỷ lệ dự thấp"),
        "cadre_assignments": _("Cấp ủy viên cấp trên được phân công dự"),
        "meetings_with_cadre_assigned": _("Buổi có cấp ủy viên cấp trên được phân công"),
        "meetings_with_cadre_present": _("Buổi cấp ủy viên được phân công có dự"),
        "cadre_attendance_share": _("Tỷ lệ buổi có cấp ủy cấp trên dự"),
    }
    themes = [(_("Sinh hoạt chi bộ"), list(labels))]
    columns = [
        ("meetings_expected", _("Buổi SH phải họp")),
        ("meetings_held", _("Buổi SH đã họp")),
        ("meeting_compliance", _("Tỷ lệ SH")),
    ]

    def area(self, place, date, period):
        period = period or Period.month_of(date)
        return {"period": period.code, **area_figures(place, period)}

    def by_commune(self, place, date, period):
        return self.with_communes(place, date, period)[1]

    def zero(self, date, period):
        period = period or Period.month_of(date)
        return {"period": period.code, **no_figures()}

    def with_communes(self, place, date, period):
        """Every cell, meeting and cadre assignment of the area falls in
        exactly one group (a commune, or the committees above the communes),
        so one pass over them gives the area's figures and its communes'."""
        period = period or Period.month_of(date)
        area, rows = area_figures_with_communes(place, period)
        rows.pop(None, None)  # cells of committees above the communes
        for figures in rows.values():
            figures["period"] = period.code
        return {"period": period.code, **area}, rows
