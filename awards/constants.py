"""Choices of the awards app."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormCode(models.TextChoices):
    """Codes of the commendation forms every installation starts with (data migration)."""

    CERTIFICATE = "giay_khen", _("Giấy khen")
    DIPLOMA = "bang_khen", _("Bằng khen")
    EMULATION_FLAG = "co_thi_dua", _("Cờ thi đua")
    PARTY_BADGE = "huy_hieu_dang", _("Huy hiệu Đảng")


# The badge rules in force are data (awards.models.BadgeRule, the one in force
# on the presentation date applies); these are the defaults its migration
# loads: the levels (Huy hiệu 30, 40, 45 … 90 năm tuổi Đảng), the months a
# badge waits after a discipline, the months it may come early for a member
# gravely ill (more from an age on).
DEFAULT_BADGE_LEVELS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
DEFAULT_BADGE_DELAYS = {"khien_trach": 6, "canh_cao": 9, "cach_chuc": 12}
DEFAULT_EARLY_MONTHS, DEFAULT_EARLY_MONTHS_ELDERLY, DEFAULT_ELDERLY_AGE = 12, 24, 70
# An award's level is one of the default levels: a field's choices live in
# its migration, so a rule with a new level comes with a migration of
# Award.badge_years as well.
BADGE_YEAR_CHOICES = [
    (years, _("%(years)s năm tuổi Đảng") % {"years": years}) for years in DEFAULT_BADGE_LEVELS
]

# Days badges are presented: 3/2 (founding of the Party), 19/5 (Hồ Chí Minh's
# birthday), 2/9 (National Day), 7/11 (October Revolution), as (month, day).
PRESENTATION_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))


def is_presentation_day(date):
    return (date.month, date.day) in PRESENTATION_DAYS


# District bodies ceased with the districts on 1 July 2025.
DISTRICT_BODIES_END = datetime.date(2025, 6, 30)

# Lists longer than this are built by a Celery task instead of in the request.
BACKGROUND_EXPORT_ROWS = 10_000


class RecipientKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    CELL = "cell", _("Chi bộ")
    PLACE = "place", _("Thôn, xã (tập thể)")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Lỗi")
