"""Accounts: every user is tied to a place and a role."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from cells.constants import Role
from cells.querysets import ScopedQuerySet
from core.files import private_storage


class User(AbstractUser):
    """A portal account. Staff edit what lies under their place, their own
    unit excepted; officers read it. What they see and what they change are
    decided by two rules side by side, `ScopedQuerySet.in_scope` and
    `ScopedQuerySet.editable_by`."""

    place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.OFFICER)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def clean(self):
        super().clean()
        if not self.is_superuser and self.place_id is None:
            raise ValidationError({"place": _("Tài khoản phải gắn với một đơn vị.")})

    def get_additional_data(self):
        """Scope of this account's audit entries (see core.audit)."""
        return {"scope": self.place.path if self.place_id else "/"}

    @property
    def can_edit(self):
        """Whether the account writes records at all: the test
        `ScopedQuerySet.editable_by` starts from (which records: that rule).
        Staff of a place that has closed (a district after 30/06/2025) keep
        reading its history and write nothing."""
        if not self.is_active:
            return False
        return self.is_superuser or (self.role == Role.STAFF and self.place_in_force)

    @property
    def place_in_force(self):
        return self.place_id is not None and self.place.is_valid_on(timezone.localdate())

    def has_perm(self, perm, obj=None):
        """The role's permissions, reading only for an account whose place has
        closed: the admin offers it no add, change, delete or import, and the
        API refuses its writes, as they do an officer's."""
        reading_only = self.is_active and not self.is_superuser and not self.place_in_force
        if reading_only and not perm.partition(".")[2].startswith("view_"):
            return False
        return super().has_perm(perm, obj)

    @property
    def may_enrol_second_factor(self):
        """Two-factor sign-in is offered to staff accounts, who write records."""
        return self.is_active and self.role == Role.STAFF


class SecondFactorDevice(TOTPDevice):
    """A staff account's authenticator app: django-otp's TOTP device, under a
    Vietnamese name in the admin and on the audit trail (which records its
    enrolment and removal, never its secret key: see PortalConfig.ready)."""

    class Meta:
        proxy = True
        verbose_name = _("thiết bị xác thực hai bước")
        verbose_name_plural = _("thiết bị xác thực hai bước")

    def __str__(self):
        return f"{self.name} — {self.user.get_username()}"

    def get_additional_data(self):
        """Audit entries of a device are seen where its account's are."""
        return self.user.get_additional_data()


class ReportKind(models.TextChoices):
    """Periodic report kinds; the values are core.periods kinds."""

    MONTH = "month", _("Báo cáo tháng")
    QUARTER = "quarter", _("Báo cáo quý")
    HALF = "half", _("Báo cáo sơ kết 6 tháng")
    YEAR = "year", _("Báo cáo tổng kết năm")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    BUILDING = "building", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class ReportQuerySet(ScopedQuerySet):
    scope_path = "place__path"


class Report(models.Model):
    """The periodic report of a place: its figures (the area summary, and the
    per-commune rows for a district or province) and the workbook built from
    them. One row per (place, kind, period): a rebuild replaces the figures and
    the file in place (portal.reports.services)."""

    place = models.ForeignKey(
        "cells.Place", models.PROTECT, related_name="reports", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    period = models.CharField(_("kỳ"), max_length=12)
    period_end = models.DateField(_("ngày cuối kỳ"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    file = models.FileField(
        _("tệp báo cáo"), upload_to="reports/", storage=private_storage, max_length=255, blank=True
    )
    built_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    # A builder claims the row by setting claimed_at in a conditional update;
    # a claim older than the task time limit belongs to a dead worker.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempt = models.PositiveIntegerField(default=0, editable=False)
    error = models.TextField(_("lỗi"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period_end", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "kind", "period"],
                name="report_one_per_place_kind_period",
                violation_error_message=_("Đơn vị đã có báo cáo của kỳ này."),
            ),
        ]

    def __str__(self):
        from portal.reports.periods import report_name

        return f"{report_name(self.period)} — {self.place}"

    @property
    def period_label(self):
        from portal.reports.periods import period_label

        return period_label(self.period)

    @property
    def download_name(self):
        """The readable name a user downloads the workbook as."""
        return f"bao-cao-{self.place.code or self.place.pk}-{self.period}.xlsx"

    @property
    def is_ready(self):
        return bool(self.file) and self.built_at is not None
