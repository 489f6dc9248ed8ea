from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest reduction the rules allow (QĐ 01-QĐ/TW: 30/50/70% for at most
# 12 months; a longer one needs a new decision).
MAX_REDUCTION_MONTHS = 12
# Party age from which a member pays nothing (from the month it is reached).
EXEMPT_PARTY_YEARS = 50
# Unpaid months without reason within one calendar year that put a member on
# the warning list (the cell then proposes striking off).
WARNING_UNPAID_MONTHS = 3


class BasisKind(models.TextChoices):
    """What a member's fee is computed from."""

    SALARY = "luong", _("Tiền lương làm căn cứ đóng BHXH")
    ALLOWANCE = "phu_cap", _("Phụ cấp")
    PENSION = "luong_huu", _("Lương hưu")
    STUDENT = "sinh_vien", _("Học sinh, sinh viên")
    OTHER = "khac", _("Khác (mức chi bộ quy định)")


class ReliefKind(models.TextChoices):
    EXEMPT = "mien", _("Miễn đóng")
    REDUCE = "giam", _("Giảm mức đóng")


class ReliefReason(models.TextChoices):
    PARTY_AGE = "tuoi_dang", _("Tuổi đảng từ 50 năm trở lên")
    SOCIAL_PENSION = "tro_cap_xa_hoi", _("Hưởng trợ cấp xã hội")
    POOR_HOUSEHOLD = "ho_ngheo", _("Hộ nghèo, cận nghèo")
    GRAVE_ILLNESS = "om_nang", _("Ốm đau, bệnh hiểm nghèo")


class ReductionPercent(models.IntegerChoices):
    THIRTY = 30, "30%"
    FIFTY = 50, "50%"
    SEVENTY = 70, "70%"


class Channel(models.TextChoices):
    CASH = "tien_mat", _("Tiền mặt nộp chi bộ")
    PORTAL = "dich_vu_cong", _("Cổng dịch vụ công quốc gia")


class PaymentSource(models.TextChoices):
    ENTERED = "nhap_tay", _("Nhập tay")
    IMPORTED = "nhap_excel", _("Nhập từ bảng kê")
