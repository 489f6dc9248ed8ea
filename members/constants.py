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


class DisciplineForm(models.TextChoices):
    """The forms of party discipline for a member (Party Charter, art. 35),
    and striking off the rolls (xóa tên), which is not a discipline but an
    end of membership decided the same way and recorded beside them."""

    REPRIMAND = "khien_trach", _("Khiển trách")
    WARNING = "canh_cao", _("Cảnh cáo")
    DISMISSAL = "cach_chuc", _("Cách chức")
    EXPULSION = "khai_tru", _("Khai trừ")
    STRUCK_OFF = "xoa_ten", _("Xóa tên (không phải hình thức kỷ luật)")


# The forms that are party discipline (a member "bị kỷ luật"): every one but
# striking off.
DISCIPLINE_FORMS = (
    DisciplineForm.REPRIMAND,
    DisciplineForm.WARNING,
    DisciplineForm.DISMISSAL,
    DisciplineForm.EXPULSION,
)


class RecognitionWindow(models.TextChoices):
    """Probationary members by when their recognition as full members is due."""

    OVERDUE = "qua_han", _("Quá hạn")
    DAYS_30 = "30_ngay", _("Trong 30 ngày")
    DAYS_60 = "60_ngay", _("Trong 60 ngày")


RECOGNITION_WINDOW_DAYS = {RecognitionWindow.DAYS_30: 30, RecognitionWindow.DAYS_60: 60}
