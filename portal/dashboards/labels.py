"""Vietnamese names of the summary figures, grouped by theme, as dashboards
and report workbooks show them. A key no theme lists (a section added later)
still shows, under "Số liệu khác", by its key."""

from django.utils.translation import gettext_lazy as _

THEMES = [
    (
        _("Tổ chức"),
        [
            ("communes", _("Số xã, phường, thị trấn")),
            ("hamlets", _("Số thôn, bản, tổ dân phố")),
            ("cells", _("Số chi bộ")),
            ("secretary_is_chief_share", _("Tỷ lệ bí thư kiêm trưởng thôn")),
        ],
    ),
    (
        _("Đảng viên"),
        [
            ("party_members", _("Số đảng viên")),
            ("admissions", _("Kết nạp đảng viên mới")),
        ],
    ),
    (
        _("Sinh hoạt chi bộ"),
        [
            ("meetings_expected", _("Số buổi sinh hoạt thường kỳ phải họp")),
            ("meetings_held", _("Số buổi đã họp")),
            ("meeting_compliance", _("Tỷ lệ sinh hoạt đúng quy định")),
            ("thematic_meetings", _("Số buổi sinh hoạt chuyên đề")),
            ("cells_without_thematic", _("Chi bộ chưa sinh hoạt chuyên đề trong quý")),
            ("quarters_without_thematic", _("Lượt chi bộ-quý chưa sinh hoạt chuyên đề")),
            ("meetings", _("Tổng số buổi sinh hoạt đã ghi")),
            ("regular_meetings", _("Buổi sinh hoạt thường kỳ đã ghi")),
            ("short_meetings", _("Buổi sinh hoạt chưa đủ thời lượng")),
            ("papers_late", _("Buổi gửi tài liệu muộn")),
            ("low_attendance_meetings", _("Buổi có tỷ lệ dự thấp")),
            ("cadre_assignments", _("Cấp ủy viên cấp trên được phân công dự")),
            ("meetings_with_cadre_assigned", _("Buổi có cấp ủy viên cấp trên được phân công")),
            ("meetings_with_cadre_present", _("Buổi cấp ủy viên được phân công có dự")),
            ("cadre_attendance_share", _("Tỷ lệ buổi có cấp ủy cấp trên dự")),
        ],
    ),
    (
        _("Khen thưởng"),
        [
            ("awards_individual", _("Khen thưởng cá nhân")),
            ("awards_collective", _("Khen thưởng tập thể")),
        ],
    ),
]

# Keys that are bookkeeping, not figures.
HIDDEN = {
    "place_code",
    "place_name",
    "date",
    "period",
    "admissions_from",
    "posts_filled",
    "posts_vacant",
    "awards_by_form",
    "commune_rows",
    "hamlets_with_cell",
    "secretary_is_chief",
}
OTHER_THEME = _("Số liệu khác")


def is_share(key):
    return key.endswith("_share") or key == "meeting_compliance"


def themed(figures):
    """[(theme, [(key, label, value)])] for the figures present, known keys in
    theme order, then every other scalar under OTHER_THEME."""
    seen = set(HIDDEN)
    groups = []
    for theme, keys in THEMES:
        rows = [(key, label, figures[key]) for key, label in keys if key in figures]
        seen.update(key for key, _label in keys)
        if rows:
            groups.append((theme, rows))
    others = [
        (key, key, value)
        for key, value in figures.items()
        if key not in seen and not isinstance(value, dict | list)
    ]
    if others:
        groups.append((OTHER_THEME, others))
    return groups


def format_value(key, value):
    if value is None:
        return "—"
    if is_share(key):
        return f"{value * 100:.1f}%".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)
