"""A member's record beyond the cell memberships (cells.PartyMember):
the periods the rules take out of party age, and the open matters
(inspection, complaint) that hold a transfer back."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cells.models import PartyMember, check_dates
from core.audit import AuditScoped

from . import querysets
from .constants import CaseKind, DisciplineForm, GapKind


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


class Discipline(AuditScoped, models.Model):
    """A disciplinary decision on a member (or their striking off), in force
    from `effective_on`, until `ends_on` when the decision sets a period.
    It feeds the yearly review's veto (ratings.services) and the delay of a
    party badge (awards.badges)."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="disciplines", verbose_name=_("đảng viên")
    )
    form = models.CharField(_("hình thức"), max_length=20, choices=DisciplineForm.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    issued_by = models.CharField(_("cơ quan quyết định"), max_length=200)
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = querysets.DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỷ luật đảng viên")
        verbose_name_plural = _("kỷ luật đảng viên")
        ordering = ["member", "effective_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("effective_on")),
                name="discipline_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày có hiệu lực."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_form_display()} ({self.decision_number})"

    def clean(self):
        check_dates(
            self.effective_on,
            self.ends_on,
            "effective_on",
            "ends_on",
            _("Ngày kết thúc không được trước ngày có hiệu lực."),
        )
        self._check_after_admission()

    def _check_after_admission(self):
        member = getattr(self, "member", None) if self.member_id else None
        if member is None or member.admitted_on is None:
            return
        errors = {}
        for name in ("decision_date", "effective_on"):
            value = getattr(self, name)
            if value is not None and value < member.admitted_on:
                errors[name] = _(
                    "Ngày %(date)s trước ngày vào Đảng của %(member)s (%(admitted)s): "
                    "không thể kỷ luật khi chưa là đảng viên."
                ) % {
                    "date": f"{value:%d/%m/%Y}",
                    "member": member,
                    "admitted": f"{member.admitted_on:%d/%m/%Y}",
                }
        if errors:
            raise ValidationError(errors)
