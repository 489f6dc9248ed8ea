"""A member's record beyond the cell memberships (cells.PartyMember):
the periods the rules take out of party age, and the open matters
(inspection, complaint) that hold a transfer back."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cells.models import PartyMember, check_dates
from core.audit import AuditScoped

from . import querysets
from .constants import CaseKind, GapKind


class MembershipGap(AuditScoped, models.Model):
    """A period that does not count in the member's party age (tuổi đảng),
    from `start_date` to `end_date` inclusive; an open end runs to today."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="gaps", verbose_name=_("đảng viên")
    )
    kind = models.CharField(_("lý do"), max_length=20, choices=GapKind.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = querysets.MemberRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("thời gian không tính tuổi đảng")
        verbose_name_plural = _("thời gian không tính tuổi đảng")
        ordering = ["member", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="gap_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_kind_display()}"

    def clean(self):
        check_dates(
            self.start_date,
            self.end_date,
            "start_date",
            "end_date",
            _("Ngày kết thúc không được trước ngày bắt đầu."),
        )


class MemberCase(AuditScoped, models.Model):
    """An inspection or complaint concerning the member, open from
    `opened_on` until `closed_on`: while it is open the member may not
    transfer."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="cases", verbose_name=_("đảng viên")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=CaseKind.choices)
    opened_on = models.DateField(_("từ ngày"))
    closed_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    note = models.CharField(_("nội dung"), max_length=300, blank=True)

    objects = querysets.MemberRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc kiểm tra, khiếu nại")
        verbose_name_plural = _("việc kiểm tra, khiếu nại")
        ordering = ["member", "opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_opened",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_kind_display()}"

    def clean(self):
        check_dates(
            self.opened_on,
            self.closed_on,
            "opened_on",
            "closed_on",
            _("Ngày kết thúc không được trước ngày bắt đầu."),
        )
