from django.db import models
from django.utils.translation import gettext_lazy as _


class GapKind(models.TextChoices):
    """Periods the rules take out of a member's party age."""

    EXPELLED = "khai_tru", _("Khai trừ, xóa tên (trước khi kết nạp lại)")
    LOST_CONTACT = "mat_lien_lac", _("Mất liên lạc với tổ chức đảng")
    UNFINISHED_TRANSFER = "chuyen_sinh_hoat", _("Chuyển sinh hoạt không hoàn tất")


class CaseKind(models.TextChoices):
    """Open matters that hold a member's transfer back."""

    INSPECTION = "kiem_tra", _("Đang bị kiểm tra")
    COMPLAINT = "khieu_nai", _("Đang có khiếu nại, tố cáo chưa giải quyết")
