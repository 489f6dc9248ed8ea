"""Choices of the yearly review (QĐ 366-QĐ/TW, HD 43-HD/BTCTW)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingLevel(models.TextChoices):
    """The four levels, best first. Their score bands and conditions are data
    (LevelBand, Condition), not code."""

    EXCELLENT = "xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "tot", _("Hoàn thành tốt nhiệm vụ")
    DONE = "hoan_thanh", _("Hoàn thành nhiệm vụ")
    FAILED = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")


# The national veto "Bị kỷ luật trong kỳ đánh giá" (ratings.defaults): a
# member with a discipline decided in the round's period
# (members.Discipline) has it ticked on the screen and in the import
# template, and a save without it is refused (ratings.services).
DISCIPLINE_VETO = "bi_ky_luat"


class Subject(models.TextChoices):
    """Who is rated: a party member, a cell, a commune committee."""

    MEMBER = "dang_vien", _("Đảng viên")
    CELL = "chi_bo", _("Chi bộ")
    COMMITTEE = "dang_uy", _("Đảng ủy xã")


class Applies(models.TextChoices):
    """Which subjects a condition concerns: members, collectives, or both."""

    MEMBERS = "ca_nhan", _("Cá nhân")
    COLLECTIVES = "tap_the", _("Tập thể")
    ALL = "tat_ca", _("Cá nhân và tập thể")

    def concerns(self, subject):
        if self == Applies.ALL:
            return True
        return (self == Applies.MEMBERS) == (subject == Subject.MEMBER)


class ConditionKind(models.TextChoices):
    REQUIREMENT = "dieu_kien", _("Điều kiện của mức")
    VETO = "phu_quyet", _("Điều kiện phủ quyết")


class RoundKind(models.TextChoices):
    YEAR = "nam", _("Hằng năm")
    QUARTER = "quy", _("Hằng quý")
    TERM = "nhiem_ky", _("Cả nhiệm kỳ")
    AD_HOC = "dot_xuat", _("Khi cần thiết")


class ReviewStatus(models.TextChoices):
    """Where a cell's (or a committee's) results stand: entered by the cell,
    proposed to the committee above, approved and locked."""

    DRAFT = "dang_nhap", _("Đang nhập")
    PROPOSED = "de_nghi", _("Đã đề nghị")
    APPROVED = "da_duyet", _("Đã phê duyệt")
