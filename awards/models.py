"""Commendations: forms, issuing bodies, occasions, decisions and the awards
they grant, plus the background export jobs of award lists.

An award goes to a person or to a collective (a cell, a hamlet, a commune).
Whatever the recipient, the award keeps a snapshot of the name, post and unit
on the decision date and the place it was granted in (`recipient_place`):
lists are printed and scoped from the snapshot, so they never change when the
person later moves or the hamlet is merged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cells.constants import Level
from cells.models import FixedCode
from core.audit import AuditScoped
from core.files import private_storage
from core.vietnamese import clean_text, name_sort_key, text_sort_key

from . import querysets
from .constants import (
    BADGE_YEAR_CHOICES,
    DEFAULT_BADGE_DELAYS,
    DEFAULT_BADGE_LEVELS,
    DEFAULT_EARLY_MONTHS,
    DEFAULT_EARLY_MONTHS_ELDERLY,
    DEFAULT_ELDERLY_AGE,
    ExportStatus,
    FormCode,
    RecipientKind,
)

ONE_RECIPIENT_MESSAGE = _(
    "Chọn đúng một đối tượng khen thưởng: một cá nhân, một chi bộ hoặc một thôn, xã."
)


class CommendationForm(AuditScoped, FixedCode, models.Model):
    """Hình thức khen thưởng: Giấy khen, Bằng khen, Cờ thi đua, Huy hiệu Đảng.

    Party badges are one form; the level (30, 40 … 90 years) is on each award
    (`Award.badge_years`), because one presentation list mixes levels and the
    tallies count badges as one form.
    """

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("hình thức"), max_length=80)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = querysets.SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def is_party_badge(self):
        return self.code == FormCode.PARTY_BADGE


def default_badge_levels():
    return list(DEFAULT_BADGE_LEVELS)


class BadgeRule(AuditScoped, models.Model):
    """The party badge rules in force from `valid_from` until the next rule:
    the levels (years of party age), the months a badge waits after a
    reprimand, a warning or a dismissal (from the discipline's effective
    date), and how many months early a member gravely ill may receive it
    (more from `elderly_age`). The rule in force on the presentation date
    applies (awards.badges); the rules changed before and may again."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    levels = models.JSONField(_("các mức (năm tuổi Đảng)"), default=default_badge_levels)
    delay_after_reprimand = models.PositiveSmallIntegerField(
        _("số tháng chờ sau khiển trách"), default=DEFAULT_BADGE_DELAYS["khien_trach"]
    )
    delay_after_warning = models.PositiveSmallIntegerField(
        _("số tháng chờ sau cảnh cáo"), default=DEFAULT_BADGE_DELAYS["canh_cao"]
    )
    delay_after_dismissal = models.PositiveSmallIntegerField(
        _("số tháng chờ sau cách chức"), default=DEFAULT_BADGE_DELAYS["cach_chuc"]
    )
    early_months = models.PositiveSmallIntegerField(
        _("trao sớm tối đa (tháng) khi bệnh hiểm nghèo"), default=DEFAULT_EARLY_MONTHS
    )
    early_months_elderly = models.PositiveSmallIntegerField(
        _("trao sớm tối đa (tháng) khi bệnh hiểm nghèo, từ đủ tuổi dưới đây"),
        default=DEFAULT_EARLY_MONTHS_ELDERLY,
    )
    elderly_age = models.PositiveSmallIntegerField(_("tuổi"), default=DEFAULT_ELDERLY_AGE)
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    objects = querysets.SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy định tặng Huy hiệu Đảng")
        verbose_name_plural = _("quy định tặng Huy hiệu Đảng")
        ordering = ["-valid_from"]

    def __str__(self):
        return _("Quy định từ ngày %(date)s") % {"date": f"{self.valid_from:%d/%m/%Y}"}

    @classmethod
    def in_force(cls, date):
        """The rule in force on `date` (one query); the defaults, unsaved,
        before the first."""
        rule = cls.objects.filter(valid_from__lte=date).order_by("-valid_from").first()
        return rule or cls()

    def clean(self):
        levels = self.levels
        if (
            not isinstance(levels, list)
            or not levels
            or not all(isinstance(level, int) and level > 0 for level in levels)
            or levels != sorted(set(levels))
        ):
            raise ValidationError(
                {"levels": _("Các mức là các số năm nguyên dương, tăng dần, ví dụ [30, 40, 45].")}
            )

    def delays(self):
        """{discipline form: months a badge waits after it}."""
        return {
            "khien_trach": self.delay_after_reprimand,
            "canh_cao": self.delay_after_warning,
            "cach_chuc": self.delay_after_dismissal,
        }


class IssuingBody(AuditScoped, models.Model):
    """A body that signs decisions (Ban Thường vụ Huyện ủy, Đảng ủy xã, UBND …),
    in force between two dates: district bodies ended on 30/06/2025."""

    name = models.CharField(_("cơ quan ban hành"), max_length=160)
    place = models.ForeignKey(
        "cells.Place", models.PROTECT, related_name="issuing_bodies", verbose_name=_("đơn vị")
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = querysets.IssuingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="issuing_body_valid_to_after_valid_from",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày có hiệu lực."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = clean_text(self.name)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("Ngày hết hiệu lực không được trước ngày có hiệu lực.")}
            )

    def is_valid_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )


class Occasion(AuditScoped, models.Model):
    """What a decision commends for: an anniversary, a five-year review …

    An occasion belongs to the place that set it (the district's anniversary)
    and is changed only by staff of that place or above it; one without a
    place is national (the Party's anniversary) and only superusers change
    it. Who reads which occasion: `OccasionQuerySet.within`; who changes
    it: `OccasionQuerySet.writable_within`.
    """

    title = models.CharField(_("dịp khen thưởng"), max_length=200)
    date = models.DateField(_("ngày"), null=True, blank=True)
    place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="occasions",
        verbose_name=_("đơn vị"),
        help_text=_(
            "Đơn vị tổ chức dịp khen thưởng. Để trống: dịp chung, chỉ quản trị hệ thống sửa."
        ),
    )

    objects = querysets.OccasionQuerySet.as_manager()

    class Meta:
        verbose_name = _("dịp khen thưởng")
        verbose_name_plural = _("dịp khen thưởng")
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title


class Decision(AuditScoped, models.Model):
    """Quyết định khen thưởng: number, date, issuing body, signer, occasion, form."""

    number = models.CharField(_("số quyết định"), max_length=40)
    date = models.DateField(_("ngày quyết định"))
    body = models.ForeignKey(
        IssuingBody, models.PROTECT, related_name="decisions", verbose_name=_("cơ quan ban hành")
    )
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    occasion = models.ForeignKey(
        Occasion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("dịp khen thưởng"),
    )
    form = models.ForeignKey(
        CommendationForm,
        models.PROTECT,
        related_name="decisions",
        verbose_name=_("hình thức khen thưởng"),
    )

    objects = querysets.DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "number"]
        constraints = [
            # Numbers restart every year, so the date takes part in the key.
            models.UniqueConstraint(
                fields=["body", "number", "date"],
                name="decision_unique_number_per_body_and_date",
                violation_error_message=_("Cơ quan này đã có quyết định mang số này trong ngày."),
            ),
        ]

    def __str__(self):
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    def clean(self):
        self.number = clean_text(self.number)
        self.signer = clean_text(self.signer)
        if self.body_id and self.date and not self.body.is_valid_on(self.date):
            raise ValidationError({"date": self._body_out_of_force_message()})

    def _body_out_of_force_message(self):
        body = self.body
        if body.valid_to and self.date > body.valid_to:
            return _(
                "%(body)s đã chấm dứt hoạt động từ sau ngày %(end)s: "
                "không thể ban hành quyết định ngày %(date)s."
            ) % {"body": body, "end": f"{body.valid_to:%d/%m/%Y}", "date": f"{self.date:%d/%m/%Y}"}
        return _(
            "%(body)s chỉ có hiệu lực từ ngày %(start)s: "
            "không thể ban hành quyết định ngày %(date)s."
        ) % {"body": body, "start": f"{body.valid_from:%d/%m/%Y}", "date": f"{self.date:%d/%m/%Y}"}


class Award(AuditScoped, models.Model):
    """One recipient of a decision: a person, a cell, or a hamlet or commune.

    The snapshot (name, post, unit, commune and hamlet with their sort keys,
    `recipient_place`) is taken from the person's holdings in force on the
    decision date when the award is created or its recipient changes, and is
    never recomputed afterwards: the printed list stays what was decided.
    The post and unit can be typed by hand (district cadres hold no hamlet post).
    """

    decision = models.ForeignKey(
        Decision, models.CASCADE, related_name="awards", verbose_name=_("quyết định")
    )
    person = models.ForeignKey(
        "cells.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("cá nhân"),
    )
    cell = models.ForeignKey(
        "cells.Cell",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("chi bộ (tập thể)"),
    )
    collective_place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_awards",
        limit_choices_to={"level__in": [Level.COMMUNE, Level.HAMLET]},
        verbose_name=_("thôn, xã (tập thể)"),
    )
    badge_years = models.PositiveSmallIntegerField(
        _("huy hiệu"), choices=BADGE_YEAR_CHOICES, null=True, blank=True
    )
    achievement = models.TextField(_("thành tích"), blank=True)
    amount = models.DecimalField(
        _("tiền thưởng (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    # The snapshot, taken on the decision date.
    recipient_name = models.CharField(_("họ và tên / tên tập thể"), max_length=200, blank=True)
    post_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=200, blank=True)
    is_collective = models.BooleanField(_("tập thể"), default=False, editable=False)
    recipient_place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("nơi khen thưởng"),
    )
    commune_name = models.CharField(max_length=160, blank=True, editable=False)
    commune_sort_key = models.CharField(max_length=255, blank=True, editable=False)
    hamlet_name = models.CharField(max_length=160, blank=True, editable=False)
    hamlet_sort_key = models.CharField(max_length=255, blank=True, editable=False)
    name_sort_key = models.CharField(max_length=255, blank=True, editable=False)

    objects = querysets.AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["decision", "is_collective", "commune_sort_key", "hamlet_sort_key"]
        # The printed order of a decision's list, so the database streams it
        # without sorting (AwardQuerySet.in_list_order).
        indexes = [
            models.Index(
                fields=[
                    "decision",
                    "-is_collective",
                    "commune_sort_key",
                    "hamlet_sort_key",
                    "name_sort_key",
                    "id",
                ],
                name="award_list_order",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, cell__isnull=True, collective_place__isnull=True)
                | Q(person__isnull=True, cell__isnull=False, collective_place__isnull=True)
                | Q(person__isnull=True, cell__isnull=True, collective_place__isnull=False),
                name="award_exactly_one_recipient",
                violation_error_message=ONE_RECIPIENT_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["decision", "person"],
                condition=Q(person__isnull=False),
                name="award_person_once_per_decision",
                violation_error_message=_("Cá nhân này đã có trong quyết định."),
            ),
            models.UniqueConstraint(
                fields=["decision", "cell"],
                condition=Q(cell__isnull=False),
                name="award_cell_once_per_decision",
                violation_error_message=_("Chi bộ này đã có trong quyết định."),
            ),
            models.UniqueConstraint(
                fields=["decision", "collective_place"],
                condition=Q(collective_place__isnull=False),
                name="award_place_once_per_decision",
                violation_error_message=_("Tập thể này đã có trong quyết định."),
            ),
        ]

    def __str__(self):
        return self.recipient_name or str(self.recipient)

    def save(self, *args, **kwargs):
        if getattr(self, "_snapshot_of", None) != self.recipient_key() or not self.recipient_name:
            self.take_snapshot()
        super().save(*args, **kwargs)
        self._snapshot_of = self.recipient_key()

    @classmethod
    def from_db(cls, db, field_names, values):
        award = super().from_db(db, field_names, values)
        award._snapshot_of = award.recipient_key()
        return award

    def clean(self):
        self.achievement = (self.achievement or "").strip()
        kinds = [key for key in self.recipient_key() if key]
        if len(kinds) != 1:
            raise ValidationError(ONE_RECIPIENT_MESSAGE)
        if self.collective_place_id and self.collective_place.level not in (
            Level.COMMUNE,
            Level.HAMLET,
        ):
            raise ValidationError(
                {"collective_place": _("Tập thể được khen phải là một thôn hoặc một xã.")}
            )
        self._clean_badge()

    def _clean_badge(self):
        if not self.decision_id:
            return
        if self.decision.form.is_party_badge:
            if self.person_id is None:
                raise ValidationError(_("Huy hiệu Đảng chỉ trao cho cá nhân."))
            if self.badge_years is None:
                raise ValidationError({"badge_years": _("Chọn mức huy hiệu (số năm tuổi Đảng).")})
        elif self.badge_years is not None:
            raise ValidationError(
                {"badge_years": _("Mức huy hiệu chỉ dùng cho quyết định tặng Huy hiệu Đảng.")}
            )

    @property
    def kind(self):
        if self.person_id:
            return RecipientKind.PERSON
        return RecipientKind.CELL if self.cell_id else RecipientKind.PLACE

    @property
    def recipient(self):
        return self.person or self.cell or self.collective_place

    def recipient_key(self):
        return (self.person_id, self.cell_id, self.collective_place_id)

    def take_snapshot(self, holdings=None):
        """Fill name, post, unit and place from the recipient on the decision
        date. `holdings` (the person's holdings in force then, with post type
        and place) can be passed in by bulk entry to save the query."""
        from .snapshots import snapshot_for_collective, snapshot_for_person

        if self.person_id:
            snapshot = snapshot_for_person(self.person, self.decision.date, holdings)
        else:
            snapshot = snapshot_for_collective(self.cell, self.collective_place)
        self.apply_snapshot(snapshot)

    def apply_snapshot(self, snapshot):
        keep_typed = {"post_title": self.post_title, "unit_name": self.unit_name}
        for field, value in snapshot.items():
            setattr(self, field, value)
        # What staff typed by hand (a cadre's district post) wins over the lookup.
        for field, typed in keep_typed.items():
            if typed:
                setattr(self, field, typed)
        self.recipient_name = clean_text(self.recipient_name)
        self.name_sort_key = (
            name_sort_key(self.recipient_name)
            if self.person_id
            else text_sort_key(self.recipient_name)
        )
        self.is_collective = self.person_id is None


def export_upload_to(job, filename):
    return f"exports/{job.created_at:%Y/%m}/{filename}"


class ExportJob(AuditScoped, models.Model):
    """An award list built in the background (more than 10,000 rows).

    `place` is the area the list covers: only users whose scope covers it can
    see the job and download its file.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("người yêu cầu")
    )
    place = models.ForeignKey(
        "cells.Place", models.PROTECT, related_name="+", verbose_name=_("phạm vi")
    )
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    row_count = models.PositiveIntegerField(_("số dòng"), default=0)
    file = models.FileField(
        _("tệp"), upload_to=export_upload_to, storage=private_storage, max_length=255, blank=True
    )
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("lúc yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    objects = querysets.ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt xuất danh sách")
        verbose_name_plural = _("lượt xuất danh sách")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="export_job_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return (
            f"{self.params.get('title', _('Danh sách khen thưởng'))} ({self.get_status_display()})"
        )

    @property
    def is_done(self):
        return self.status == ExportStatus.DONE and bool(self.file)
