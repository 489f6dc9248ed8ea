"""A member's transfer of party activities (chuyển sinh hoạt đảng): from a
cell of the portal or from outside it, to a cell of the portal or outside
it, permanently or for a while. Every rule a transfer must meet is checked
by `Transfer.clean()`, which the admin, the API, the services and the demo
all go through; what a presented transfer does to the cell memberships is
`transfers.services.save_transfer`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, CellMembership, PartyMember, overlapping_periods
from cells.querysets import active_on
from core.audit import AuditScoped
from core.periods import FIRST_YEAR, last_year, validate_date_in_range
from core.vietnamese import clean_text
from members.models import MemberCase

from . import querysets
from .constants import (
    MONTHS_ALLOWED,
    PRESENTATION_DAYS,
    REQUEST_WORKING_DAYS,
    TemporaryReason,
    TransferKind,
    TransferStatus,
)
from .workdays import add_working_days

# Fields a transfer may no longer change once it has moved the memberships:
# the memberships would tell another story than the transfer.
APPLIED_FIELDS = ("member_id", "kind", "from_cell_id", "to_cell_id", "presented_on", "letter_date")


def add_months(day, months):
    """The same day `months` later (the month's last day when it has none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def month_text(day):
    return f"{day.month:02d}/{day.year}" if day else ""


class Transfer(AuditScoped, models.Model):
    member = models.ForeignKey(
        PartyMember, models.PROTECT, related_name="transfers", verbose_name=_("đảng viên")
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=TransferKind.choices)
    reason = models.CharField(
        _("lý do sinh hoạt tạm thời"),
        max_length=20,
        choices=TemporaryReason.choices,
        blank=True,
    )
    from_cell = models.ForeignKey(
        Cell,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
        verbose_name=_("chi bộ chuyển đi"),
    )
    from_outside = models.CharField(
        _("nơi chuyển đến từ (ngoài cổng)"),
        max_length=200,
        blank=True,
        help_text=_("Tổ chức đảng nơi đi, khi đảng viên chuyển đến từ ngoài địa bàn."),
    )
    to_cell = models.ForeignKey(
        Cell,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("chi bộ chuyển đến"),
    )
    to_outside = models.CharField(
        _("nơi chuyển đến (ngoài cổng)"),
        max_length=200,
        blank=True,
        help_text=_("Tổ chức đảng nơi đến, khi đảng viên chuyển ra ngoài địa bàn."),
    )
    moved_on = models.DateField(
        _("ngày chuyển nơi cư trú, công tác"), validators=[validate_date_in_range]
    )
    requested_on = models.DateField(
        _("ngày đề nghị chuyển sinh hoạt"), validators=[validate_date_in_range]
    )
    letter_number = models.CharField(_("số giấy giới thiệu"), max_length=40, blank=True)
    letter_date = models.DateField(
        _("ngày giấy giới thiệu"), null=True, blank=True, validators=[validate_date_in_range]
    )
    fees_paid_through = models.DateField(
        _("đã đóng đảng phí hết tháng"),
        null=True,
        blank=True,
        help_text=_("Ngày bất kỳ trong tháng; chỉ tháng và năm được ghi."),
    )
    presented_on = models.DateField(
        _("ngày nộp giấy tại chi bộ đến"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
    )
    end_date = models.DateField(_("sinh hoạt tạm đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    # Deadlines, computed on save from the dates above (fill_derived_fields),
    # so lists filter "late" in SQL.
    request_due = models.DateField(_("hạn đề nghị"), editable=False)
    presentation_due = models.DateField(_("hạn nộp giấy"), null=True, editable=False)
    # Set once the presented transfer has changed the cell memberships.
    memberships_changed = models.BooleanField(default=False, editable=False)

    objects = querysets.TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyển sinh hoạt đảng")
        verbose_name_plural = _("chuyển sinh hoạt đảng")
        ordering = ["-moved_on", "pk"]
        indexes = [models.Index(fields=["member", "moved_on"], name="transfer_member_moved")]
        constraints = [
            models.CheckConstraint(
                condition=Q(presented_on__isnull=True)
                | Q(letter_date__isnull=True)
                | Q(presented_on__gte=F("letter_date")),
                name="transfer_presented_after_letter",
                violation_error_message=_(
                    "Ngày nộp giấy giới thiệu không được trước ngày của giấy."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_kind_display()} ({self.moved_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        """Tidy the text and compute the deadlines (bulk writes call it too)."""
        self.from_outside = clean_text(self.from_outside)
        self.to_outside = clean_text(self.to_outside)
        self.letter_number = clean_text(self.letter_number)
        if self.fees_paid_through:
            self.fees_paid_through = self.fees_paid_through.replace(day=1)
        if self.moved_on:
            self.request_due = add_working_days(self.moved_on, REQUEST_WORKING_DAYS)
        self.presentation_due = (
            self.letter_date + datetime.timedelta(days=PRESENTATION_DAYS)
            if self.letter_date
            else None
        )

    # Deadlines and status --------------------------------------------------

    @property
    def request_late(self):
        return bool(self.requested_on and self.request_due and self.requested_on > self.request_due)

    def presentation_late(self, today=None):
        if self.presentation_due is None:
            return False
        return (self.presented_on or today or timezone.localdate()) > self.presentation_due

    def is_late(self, today=None):
        return self.request_late or self.presentation_late(today)

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.presented_on is None:
            if self.letter_date is None:
                return TransferStatus.WAITING_LETTER
            return TransferStatus.WAITING_PRESENTATION
        if self.kind == TransferKind.TEMPORARY and self.end_date and self.end_date < today:
            return TransferStatus.ENDED
        return TransferStatus.PRESENTED

    @property
    def origin(self):
        return str(self.from_cell) if self.from_cell_id else self.from_outside

    @property
    def destination(self):
        return str(self.to_cell) if self.to_cell_id else self.to_outside

    @property
    def period_end(self):
        """The last day the transfer is under way: a temporary one until its
        end date; a permanent one until it is presented (open before)."""
        if self.kind == TransferKind.TEMPORARY:
            return self.end_date
        return self.presented_on

    # Validation --------------------------------------------------------------

    def clean(self):
        if not self._dates_in_range():
            return  # clean_fields names the date; nothing can be computed from it
        self.fill_derived_fields()
        self._check_unchanged_once_applied()
        self._check_ends()
        self._check_kind()
        self._check_dates()
        if self.member_id and self.moved_on:
            self._check_member()
        if self.member_id and self.due() and not self.memberships_changed:
            self._check_effect()

    # What a transfer does to the cell memberships (transfers.services applies it)

    def _dates_in_range(self):
        dates = (self.moved_on, self.requested_on, self.letter_date, self.presented_on)
        years = range(FIRST_YEAR, last_year() + 1)
        return all(day is None or day.year in years for day in dates) and (
            self.end_date is None or self.end_date.year < 9999
        )

    def due(self):
        """Whether the transfer now changes the cell memberships: a permanent
        one once presented at a cell of the portal, or once its letter is
        issued when it leaves the portal."""
        if self.kind != TransferKind.PERMANENT:
            return False
        if self.to_cell_id is None:
            return self.letter_date is not None
        return self.presented_on is not None

    def last_day_at_origin(self):
        if self.from_cell_id is None:
            return None
        if self.to_cell_id is None:
            return self.letter_date
        return self.presented_on - datetime.timedelta(days=1)

    def origin_membership(self):
        """The membership at the sending cell the transfer ends."""
        return (
            CellMembership.objects.filter(member_id=self.member_id, cell_id=self.from_cell_id)
            .filter(active_on(self.last_day_at_origin()))
            .first()
        )

    def new_membership(self):
        """The membership at the receiving cell the transfer starts (unsaved)."""
        return CellMembership(
            member_id=self.member_id, cell_id=self.to_cell_id, start_date=self.presented_on
        )

    def _check_effect(self):
        last_day = self.last_day_at_origin()
        origin = self.origin_membership() if last_day else None
        if last_day and origin is None:
            raise ValidationError(
                {
                    "from_cell": _(
                        "Đảng viên không sinh hoạt ở chi bộ chuyển đi vào ngày %(day)s: không "
                        "kết thúc được sinh hoạt ở đó."
                    )
                    % {"day": f"{last_day:%d/%m/%Y}"}
                }
            )
        if self.to_cell_id is None:
            return
        joined = self.new_membership()
        others = joined.overlapping()
        if origin is not None:
            others = others.exclude(pk=origin.pk)
        if others.exists():
            raise ValidationError(
                {
                    "presented_on": _(
                        "Từ ngày %(day)s đảng viên đã có sinh hoạt ở một chi bộ khác: không ghi "
                        "được sinh hoạt ở chi bộ chuyển đến."
                    )
                    % {"day": f"{self.presented_on:%d/%m/%Y}"}
                }
            )

    def _check_unchanged_once_applied(self):
        if self.pk is None:
            return
        saved = (
            Transfer.objects.filter(pk=self.pk, memberships_changed=True)
            .values(*APPLIED_FIELDS)
            .first()
        )
        if saved and any(getattr(self, name) != value for name, value in saved.items()):
            raise ValidationError(
                _(
                    "Việc chuyển sinh hoạt này đã ghi vào sinh hoạt chi bộ của đảng viên: không "
                    "sửa được đảng viên, hình thức, chi bộ đi, chi bộ đến, ngày giấy và ngày "
                    "nộp giấy."
                )
            )

    def _check_ends(self):
        if self.from_cell_id and self.from_outside:
            raise ValidationError(
                {"from_outside": _("Chọn chi bộ chuyển đi hoặc ghi nơi ngoài cổng, không cả hai.")}
            )
        if self.to_cell_id and self.to_outside:
            raise ValidationError(
                {"to_outside": _("Chọn chi bộ chuyển đến hoặc ghi nơi ngoài cổng, không cả hai.")}
            )
        if not self.from_cell_id and not self.from_outside:
            raise ValidationError(
                {"from_cell": _("Chưa có nơi chuyển đi: chọn chi bộ hoặc ghi tổ chức đảng nơi đi.")}
            )
        if not self.to_cell_id and not self.to_outside:
            raise ValidationError(
                {
                    "to_outside": _(
                        "Chưa có nơi chuyển đến: chọn chi bộ chuyển đến hoặc ghi tên tổ chức "
                        "đảng nơi đến khi chuyển ra ngoài."
                    )
                }
            )
        if not self.from_cell_id and not self.to_cell_id:
            raise ValidationError(
                _("Cả nơi đi và nơi đến đều ngoài cổng: cổng không quản lý việc chuyển này.")
            )
        if self.from_cell_id and self.from_cell_id == self.to_cell_id:
            raise ValidationError({"to_cell": _("Chi bộ chuyển đến trùng chi bộ chuyển đi.")})

    def _check_kind(self):
        if self.kind == TransferKind.PERMANENT:
            if self.reason or self.end_date:
                raise ValidationError(
                    _("Chuyển sinh hoạt chính thức không có lý do tạm thời hay ngày kết thúc.")
                )
            return
        if not self.reason:
            raise ValidationError(
                {"reason": _("Chuyển sinh hoạt tạm thời phải ghi lý do (cư trú hoặc học tập).")}
            )
        if not self.end_date:
            raise ValidationError(
                {"end_date": _("Chuyển sinh hoạt tạm thời phải có ngày kết thúc.")}
            )
        if not self.moved_on or self.reason not in MONTHS_ALLOWED:
            return  # a reason that is none of the choices: clean_fields says so
        shortest, longest = MONTHS_ALLOWED[self.reason]
        if (
            not add_months(self.moved_on, shortest)
            <= self.end_date
            <= add_months(self.moved_on, longest)
        ):
            raise ValidationError(
                {
                    "end_date": _(
                        "Sinh hoạt tạm thời vì %(reason)s từ %(shortest)s tháng đến "
                        "%(longest)s tháng kể từ ngày chuyển (%(first)s – %(last)s)."
                    )
                    % {
                        "reason": self.get_reason_display().lower(),
                        "shortest": shortest,
                        "longest": longest,
                        "first": f"{add_months(self.moved_on, shortest):%d/%m/%Y}",
                        "last": f"{add_months(self.moved_on, longest):%d/%m/%Y}",
                    }
                }
            )

    def _check_dates(self):
        if self.presented_on and self.letter_date and self.presented_on < self.letter_date:
            raise ValidationError(
                {
                    "presented_on": _(
                        "Ngày nộp giấy giới thiệu (%(presented)s) không được trước ngày của "
                        "giấy (%(letter)s)."
                    )
                    % {
                        "presented": f"{self.presented_on:%d/%m/%Y}",
                        "letter": f"{self.letter_date:%d/%m/%Y}",
                    }
                }
            )
        if self.presented_on and not self.letter_date:
            raise ValidationError(
                {"letter_date": _("Đã nộp giấy giới thiệu thì phải ghi ngày của giấy.")}
            )
        if self.end_date and self.presented_on and self.end_date < self.presented_on:
            raise ValidationError(
                {"end_date": _("Ngày kết thúc sinh hoạt tạm không được trước ngày nộp giấy.")}
            )
        if self.moved_on and self.member_id and self.moved_on < self.member.admitted_on:
            raise ValidationError(
                {"moved_on": _("Ngày chuyển không được trước ngày vào Đảng của đảng viên.")}
            )

    def _check_member(self):
        if self.requested_on:
            case = (
                MemberCase.objects.filter(member_id=self.member_id)
                .filter(active_on(self.requested_on, "opened_on", "closed_on"))
                .first()
            )
            if case is not None:
                raise ValidationError(
                    _(
                        "Đảng viên %(member)s %(case)s (từ %(opened)s): chưa được chuyển sinh "
                        "hoạt đảng cho đến khi giải quyết xong."
                    )
                    % {
                        "member": self.member,
                        "case": case.get_kind_display().lower(),
                        "opened": f"{case.opened_on:%d/%m/%Y}",
                    }
                )
        others = overlapping_periods(
            Transfer.objects.filter(member_id=self.member_id).exclude(pk=self.pk).with_period_end(),
            self.moved_on,
            self.period_end,
            "moved_on",
            "runs_until",
        )
        other = others.first()
        if other is not None:
            raise ValidationError(
                _(
                    "Đảng viên đang có một lần chuyển sinh hoạt khác trùng thời gian "
                    "(%(other)s): mỗi lúc chỉ một lần chuyển."
                )
                % {"other": other}
            )
        if self.from_cell_id and not self._belongs_to_origin():
            raise ValidationError(
                {
                    "from_cell": _(
                        "Đảng viên không sinh hoạt ở chi bộ chuyển đi vào ngày chuyển (%(day)s)."
                    )
                    % {"day": f"{self.moved_on:%d/%m/%Y}"}
                }
            )

    def _belongs_to_origin(self):
        rows = CellMembership.objects.filter(member_id=self.member_id, cell_id=self.from_cell_id)
        if self.memberships_changed:
            return rows.exists()
        return rows.filter(active_on(self.moved_on)).exists()
