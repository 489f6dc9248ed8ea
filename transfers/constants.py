from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferKind(models.TextChoices):
    PERMANENT = "chinh_thuc", _("Chuyển sinh hoạt chính thức")
    TEMPORARY = "tam_thoi", _("Chuyển sinh hoạt tạm thời")


class TemporaryReason(models.TextChoices):
    """Why a member attends another cell for a while; each reason has its
    bounds (MONTHS_ALLOWED)."""

    RESIDENCE = "cu_tru", _("Cư trú")
    STUDY = "hoc_tap", _("Học tập")


# (shortest, longest) stay of a temporary transfer, in months, by reason.
MONTHS_ALLOWED = {TemporaryReason.RESIDENCE: (3, 12), TemporaryReason.STUDY: (3, 24)}

# The request goes in within 60 working days of the move; the letter is
# presented within 30 days of its date.
REQUEST_WORKING_DAYS = 60
PRESENTATION_DAYS = 30


class TransferStatus(models.TextChoices):
    WAITING_LETTER = "cho_giay", _("Chưa cấp giấy giới thiệu")
    WAITING_PRESENTATION = "cho_tiep_nhan", _("Chờ nộp giấy giới thiệu")
    PRESENTED = "da_tiep_nhan", _("Đã tiếp nhận")
    ENDED = "het_han", _("Đã hết thời gian sinh hoạt tạm")
