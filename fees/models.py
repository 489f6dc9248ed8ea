"""Party fees (đảng phí) under QĐ 01-QĐ/TW of 03/02/2026.

Money is whole đồng in PositiveBigIntegerField; every computation is done
in `fees.ledger` with Decimal and an explicit rounding rule. Months are
stored as the first day of the month (a check constraint holds it).

The rules are data: `FeeRate` (the rate of each basis from a month on) and
`FeeShare` (the share of what a cell collects that it keeps), so a change
of the rules is a new dated row, and past months keep the rule of their day.
"""

import calendar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cells.models import PartyMember, check_dates
from core.audit import AuditScoped

from . import querysets
from .constants import (
    MAX_REDUCTION_MONTHS,
    BasisKind,
    Channel,
    PaymentSource,
    ReductionPercent,
    ReliefKind,
    ReliefReason,
)

FIRST_DAY_MESSAGE = _("Tháng ghi bằng ngày mùng 1 của tháng.")


def first_of_month(day):
    return day.replace(day=1) if day else day


def last_of_month(month):
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_from(start, end):
    """Months from `start` to `end` inclusive, both counted."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _first_day(field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__day": 1}) | Q(**{f"{field}__isnull": True}),
        name=f"%(class)s_{field}_first_day",
        violation_error_message=FIRST_DAY_MESSAGE,
    )


class MonthField(models.DateField):
    """A month, kept as its first day: any day typed is moved to the 1st."""

    def to_python(self, value):
        return first_of_month(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = first_of_month(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class FeeRate(AuditScoped, models.Model):
    """The rate of one kind of basis from `valid_from` on: a percentage of
    the basis, or a fixed amount a month; neither means the basis amount is
    the fee itself (the amount the cell sets, "khác")."""

    kind = models.CharField(_("căn cứ"), max_length=20, choices=BasisKind.choices)
    valid_from = MonthField(_("áp dụng từ tháng"))
    percent = models.DecimalField(
        _("tỷ lệ (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    amount = models.PositiveBigIntegerField(_("mức cố định (đồng/tháng)"), null=True, blank=True)
    rule = models.CharField(_("văn bản quy định"), max_length=200)

    objects = querysets.FeeRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mức đóng đảng phí")
        verbose_name_plural = _("mức đóng đảng phí")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="fee_rate_once_a_month"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(amount__isnull=True),
                name="fee_rate_percent_or_amount",
                violation_error_message=_("Ghi tỷ lệ hoặc mức cố định, không ghi cả hai."),
            ),
            _first_day("valid_from"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.valid_from:%m/%Y}"


class FeeShare(AuditScoped, models.Model):
    """The share of the fees a cell collects that it keeps from `valid_from`
    on; the rest is remitted to the commune committee."""

    valid_from = MonthField(_("áp dụng từ tháng"), unique=True)
    cell_percent = models.DecimalField(
        _("chi bộ được trích giữ lại (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rule = models.CharField(_("văn bản quy định"), max_length=200)

    objects = querysets.FeeRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỷ lệ trích giữ lại đảng phí")
        verbose_name_plural = _("tỷ lệ trích giữ lại đảng phí")
        ordering = ["-valid_from"]
        constraints = [_first_day("valid_from")]

    def __str__(self):
        return f"{self.cell_percent}% — {self.valid_from:%m/%Y}"


class FeeBasis(AuditScoped, models.Model):
    """What a member's fee is computed from, from `from_month` on: the latest
    basis on or before a month applies to it."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="fee_bases", verbose_name=_("đảng viên")
    )
    kind = models.CharField(_("căn cứ"), max_length=20, choices=BasisKind.choices)
    amount = models.PositiveBigIntegerField(
        _("số tiền làm căn cứ (đồng/tháng)"),
        default=0,
        help_text=_("Lương, phụ cấp, lương hưu; với “khác”: mức chi bộ quy định."),
    )
    from_month = MonthField(_("từ tháng"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = querysets.FeeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("căn cứ đóng đảng phí")
        verbose_name_plural = _("căn cứ đóng đảng phí")
        ordering = ["member", "-from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "from_month"],
                name="fee_basis_once_a_month",
                violation_error_message=_("Đảng viên đã có căn cứ đóng từ tháng này."),
            ),
            _first_day("from_month"),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_kind_display()} {self.from_month:%m/%Y}"

    def clean(self):
        needs_amount = self.kind in (BasisKind.SALARY, BasisKind.ALLOWANCE, BasisKind.PENSION)
        if (needs_amount or self.kind == BasisKind.OTHER) and not self.amount:
            raise ValidationError({"amount": _("Ghi số tiền làm căn cứ (lớn hơn 0).")})


class FeeRelief(AuditScoped, models.Model):
    """An exemption or a reduction by a dated decision, for the months from
    `start_month` to `end_month` (an exemption may stay open)."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="fee_reliefs", verbose_name=_("đảng viên")
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=ReliefKind.choices)
    reason = models.CharField(_("lý do"), max_length=20, choices=ReliefReason.choices)
    percent = models.PositiveSmallIntegerField(
        _("mức giảm (%)"), choices=ReductionPercent.choices, null=True, blank=True
    )
    start_month = MonthField(_("từ tháng"))
    end_month = MonthField(_("đến tháng"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = querysets.FeeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("miễn, giảm đảng phí")
        verbose_name_plural = _("miễn, giảm đảng phí")
        ordering = ["member", "-start_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_month__gte=F("start_month")),
                name="fee_relief_end_after_start",
                violation_error_message=_("Tháng kết thúc không được trước tháng bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ReliefKind.EXEMPT, percent__isnull=True)
                | Q(kind=ReliefKind.REDUCE, percent__isnull=False, end_month__isnull=False),
                name="fee_relief_reduction_has_percent_and_end",
                violation_error_message=_(
                    "Giảm đảng phí ghi mức giảm và tháng kết thúc; miễn thì không ghi mức giảm."
                ),
            ),
            _first_day("start_month"),
            _first_day("end_month"),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_kind_display()} ({self.decision_number})"

    def clean(self):
        self.start_month = first_of_month(self.start_month)
        self.end_month = first_of_month(self.end_month)
        check_dates(
            self.start_month,
            self.end_month,
            "start_month",
            "end_month",
            _("Tháng kết thúc không được trước tháng bắt đầu."),
        )
        if self.kind == ReliefKind.EXEMPT:
            if self.percent is not None:
                raise ValidationError({"percent": _("Miễn đóng thì không ghi mức giảm.")})
            return
        if self.kind != ReliefKind.REDUCE:
            return
        if self.percent is None:
            raise ValidationError({"percent": _("Ghi mức giảm: 30%, 50% hoặc 70%.")})
        if self.end_month is None:
            raise ValidationError({"end_month": _("Giảm đảng phí phải có tháng kết thúc.")})
        if (
            self.start_month
            and months_from(self.start_month, self.end_month) > MAX_REDUCTION_MONTHS
        ):
            raise ValidationError(
                {
                    "end_month": _(
                        "Giảm đảng phí tối đa %(max)s tháng; quyết định này ghi %(months)s tháng."
                    )
                    % {
                        "max": MAX_REDUCTION_MONTHS,
                        "months": months_from(self.start_month, self.end_month),
                    }
                }
            )

    def covers(self, month):
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)


class FeePayment(AuditScoped, models.Model):
    """What a member paid for one month: once a month, more than nothing."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="fee_payments", verbose_name=_("đảng viên")
    )
    month = MonthField(_("đóng cho tháng"))
    amount = models.PositiveBigIntegerField(
        _("số tiền (đồng)"),
        validators=[MinValueValidator(1, message=_("Số tiền phải lớn hơn 0."))],
    )
    paid_on = models.DateField(_("ngày nộp"))
    channel = models.CharField(
        _("hình thức nộp"), max_length=20, choices=Channel.choices, default=Channel.CASH
    )
    source = models.CharField(
        _("nguồn"), max_length=20, choices=PaymentSource.choices, default=PaymentSource.ENTERED
    )
    reference = models.CharField(_("số biên lai, mã giao dịch"), max_length=100, blank=True)

    objects = querysets.FeeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("nộp đảng phí")
        verbose_name_plural = _("nộp đảng phí")
        ordering = ["member", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                name="fee_payment_once_a_month",
                violation_error_message=_("Đảng viên đã nộp đảng phí tháng này."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fee_payment_amount_positive",
                violation_error_message=_("Số tiền phải lớn hơn 0."),
            ),
            _first_day("month"),
        ]
        indexes = [models.Index(fields=["month"], name="fee_payment_month")]

    def __str__(self):
        return f"{self.member} — {self.month:%m/%Y}"

    def clean(self):
        self.month = first_of_month(self.month)
