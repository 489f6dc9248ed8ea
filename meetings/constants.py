"""Choices of the meetings app and the defaults of the meeting rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REGULAR = "thuong_ky", _("Thường kỳ")
    THEMATIC = "chuyen_de", _("Chuyên đề")
    # A regular and a thematic meeting held together: it counts as both.
    COMBINED = "ket_hop", _("Thường kỳ kết hợp chuyên đề")
    CONGRESS = "dai_hoi", _("Đại hội chi bộ")
    EXTRAORDINARY = "bat_thuong", _("Bất thường")


# Kinds that fulfil the monthly regular meeting, and the quarterly thematic one.
REGULAR_KINDS = (MeetingKind.REGULAR, MeetingKind.COMBINED)
THEMATIC_KINDS = (MeetingKind.THEMATIC, MeetingKind.COMBINED)


class AttendanceStatus(models.TextChoices):
    PRESENT = "co_mat", _("Có mặt")
    EXCUSED = "vang_co_ly_do", _("Vắng có lý do")
    UNEXCUSED = "vang_khong_ly_do", _("Vắng không lý do")


class TopicCode(models.TextChoices):
    """Tags every installation starts with (data migration)."""

    ECONOMY = "kinh_te", _("Phát triển kinh tế")
    NEW_COUNTRYSIDE = "nong_thon_moi", _("Nông thôn mới")
    POVERTY = "giam_ngheo", _("Giảm nghèo")
    PARTY_BUILDING = "xay_dung_dang", _("Xây dựng Đảng")
    SECURITY = "an_ninh_trat_tu", _("An ninh trật tự")


# Current central guidance; a deployment overrides any of them with the
# PORTAL_MEETING_RULES setting (read through meetings.compliance.rules()).
DEFAULT_RULES = {
    "min_regular_minutes": 90,
    "min_combined_minutes": 120,
    "papers_days_ahead": 1,
    "min_attendance_share": 0.5,
    "max_attachment_bytes": 10 * 1024 * 1024,
}


class Standing(models.TextChoices):
    """How the minutes count a member at a meeting (HD 42-HD/BTCTW): full
    and probationary members of the cell, and those attending it for a
    while ("sinh hoạt tạm", transfers.Transfer), who are not the cell's
    members in its figures."""

    FULL = "chinh_thuc", _("Đảng viên chính thức")
    PROBATIONARY = "du_bi", _("Đảng viên dự bị")
    TEMPORARY = "sinh_hoat_tam", _("Sinh hoạt tạm")
