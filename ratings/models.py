"""The yearly review: rounds, criteria, ratings and their approval.

Every cell rates each of its members and itself in a round (kỳ đánh giá)
opened by its commune committee; a province opens rounds for its commune
committees. The level is never typed: `ratings.levels.Framework` computes it
from the points (a 100-point criteria set), the conditions of the top levels
and the vetoes, all of which are rows here (LevelBand, Condition, Criterion)
with the defaults of QĐ 366-QĐ/TW and HD 43-HD/BTCTW loaded by the
migrations. A cell's results (its Review) go draft → proposed → approved;
approved results are locked until the approving level unlocks them with a
reason (ratings.services).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cells.constants import Level
from core.audit import AuditScoped
from core.vietnamese import clean_text

from . import querysets
from .constants import (
    Applies,
    ConditionKind,
    RatingLevel,
    ReviewStatus,
    RoundKind,
    Subject,
)

FULL_MARKS = Decimal(100)
# The criteria set a round uses for each subject.
CRITERIA_FIELDS = {
    Subject.MEMBER: "member_criteria",
    Subject.CELL: "cell_criteria",
    Subject.COMMITTEE: "committee_criteria",
}


class LevelBand(AuditScoped, models.Model):
    """The lowest score of a level (90, 70, 50, 0 by default). National
    reference data: the superuser keeps it."""

    level = models.CharField(
        _("mức xếp loại"), max_length=20, choices=RatingLevel.choices, unique=True
    )
    min_score = models.DecimalField(
        _("điểm tối thiểu"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(FULL_MARKS)],
    )

    objects = querysets.SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("khung điểm xếp loại")
        verbose_name_plural = _("khung điểm xếp loại")
        ordering = ["-min_score"]

    def __str__(self):
        return f"{self.get_level_display()} (≥ {self.min_score})"


class Condition(AuditScoped, models.Model):
    """A named checkbox of a rating: a requirement of a level ("mọi nhiệm vụ
    hoàn thành đúng thời hạn" for the top two) or a veto ("bị kỷ luật trong
    kỳ": không hoàn thành whatever the score). Those without a round are the
    regulation's, for every round; a committee adds its own to its round."""

    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("điều kiện"), max_length=240)
    kind = models.CharField(_("loại"), max_length=20, choices=ConditionKind.choices)
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=10, choices=Applies.choices, default=Applies.ALL
    )
    level = models.CharField(
        _("điều kiện của mức"),
        max_length=20,
        choices=RatingLevel.choices,
        blank=True,
        help_text=_(
            "Với điều kiện của mức: không xếp được mức này và các mức cao hơn "
            "nếu chưa đánh dấu điều kiện."
        ),
    )
    round = models.ForeignKey(
        "RatingRound",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="conditions",
        verbose_name=_("kỳ đánh giá"),
        help_text=_("Để trống: điều kiện chung theo quy định, áp dụng cho mọi kỳ."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = querysets.ConditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("điều kiện xếp loại")
        verbose_name_plural = _("điều kiện xếp loại")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(round__isnull=True), name="condition_code_national"
            ),
            models.UniqueConstraint(fields=["round", "code"], name="condition_code_in_round"),
            models.CheckConstraint(
                condition=Q(kind=ConditionKind.VETO, level="")
                | Q(kind=ConditionKind.REQUIREMENT) & ~Q(level=""),
                name="condition_level_of_requirement",
                violation_error_message=_(
                    "Điều kiện của mức phải chọn mức; điều kiện phủ quyết không gắn với mức."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = clean_text(self.name)
        if self.kind == ConditionKind.REQUIREMENT and not self.level:
            raise ValidationError({"level": _("Chọn mức xếp loại mà điều kiện này là điều kiện.")})
        if self.kind == ConditionKind.VETO:
            self.level = ""


class CriteriaSet(AuditScoped, models.Model):
    """The scored items of a rating, in groups, their maximum points adding
    up to 100. Those without a place are the guidance's defaults (the
    superuser's); a province or commune keeps its own, which its rounds use."""

    name = models.CharField(_("tên bộ tiêu chí"), max_length=200)
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices)
    place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria_sets",
        verbose_name=_("đơn vị"),
        help_text=_("Để trống: bộ tiêu chí mặc định theo hướng dẫn, chỉ quản trị hệ thống sửa."),
    )

    objects = querysets.CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí đánh giá")
        verbose_name_plural = _("bộ tiêu chí đánh giá")
        ordering = ["subject", "name"]

    def __str__(self):
        return self.name


class Criterion(AuditScoped, models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, models.CASCADE, related_name="criteria", verbose_name=_("bộ tiêu chí")
    )
    group = models.CharField(_("nhóm tiêu chí"), max_length=200)
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(FULL_MARKS)],
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = querysets.CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order", "id"]

    def __str__(self):
        return self.name


class RatingRound(AuditScoped, models.Model):
    """Kỳ đánh giá: a commune committee's round for its cells and their
    members, or a province's for its commune committees."""

    place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        related_name="rating_rounds",
        verbose_name=_("đơn vị mở kỳ"),
        help_text=_("Xã: đánh giá các chi bộ và đảng viên; tỉnh: đánh giá các đảng ủy xã."),
    )
    kind = models.CharField(
        _("loại kỳ"), max_length=10, choices=RoundKind.choices, default=RoundKind.YEAR
    )
    name = models.CharField(_("tên kỳ đánh giá"), max_length=200)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    member_criteria = models.ForeignKey(
        CriteriaSet,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiêu chí đảng viên"),
    )
    cell_criteria = models.ForeignKey(
        CriteriaSet,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiêu chí chi bộ"),
    )
    committee_criteria = models.ForeignKey(
        CriteriaSet,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiêu chí đảng ủy xã"),
    )
    excellent_cap = models.PositiveSmallIntegerField(
        _("giới hạn tỷ lệ xuất sắc (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Để trống: không giới hạn. Ví dụ 20: số xếp loại “Hoàn thành xuất sắc” không quá 20% "
            "số được xếp loại “Hoàn thành tốt” trở lên, kiểm tra khi phê duyệt."
        ),
    )

    objects = querysets.RatingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ đánh giá, xếp loại")
        verbose_name_plural = _("kỳ đánh giá, xếp loại")
        ordering = ["-end_date", "place__sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="rating_round_end_after_start",
                violation_error_message=_("Ngày kết thúc kỳ không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def rates_committees(self):
        return self.place.level == Level.PROVINCE

    def criteria_for(self, subject):
        return getattr(self, CRITERIA_FIELDS[subject])

    def criteria_for_id(self, subject):
        return getattr(self, f"{CRITERIA_FIELDS[subject]}_id")

    def clean(self):
        self.name = clean_text(self.name)
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc kỳ không được trước ngày bắt đầu.")
        if self.place_id and self.place.level not in (Level.PROVINCE, Level.COMMUNE):
            errors["place"] = _("Kỳ đánh giá do đảng ủy xã hoặc tỉnh mở.")
        errors.update(self._criteria_errors())
        if errors:
            raise ValidationError(errors)

    def _criteria_errors(self):
        from .levels import criteria_total, vietnamese_number

        wanted = (
            [("committee_criteria", Subject.COMMITTEE)]
            if self.place_id and self.rates_committees
            else [("member_criteria", Subject.MEMBER), ("cell_criteria", Subject.CELL)]
        )
        errors = {}
        for field, subject in wanted:
            criteria = getattr(self, field)
            if criteria is None:
                errors[field] = _("Chọn bộ tiêu chí cho đối tượng này.")
            elif criteria.subject != subject:
                errors[field] = _("Bộ tiêu chí “%(name)s” dành cho %(subject)s.") % {
                    "name": criteria,
                    "subject": criteria.get_subject_display().lower(),
                }
            elif (total := criteria_total(criteria)) != FULL_MARKS:
                errors[field] = _(
                    "Tổng điểm tối đa của bộ tiêu chí “%(name)s” là %(total)s, phải bằng 100."
                ) % {"name": criteria, "total": vietnamese_number(total)}
        return errors


class Review(AuditScoped, models.Model):
    """The results of one cell (its members and itself) or one commune
    committee in a round, and where they stand: draft, proposed, approved.
    Approved results are locked (services.unlock reopens them)."""

    round = models.ForeignKey(
        RatingRound, models.CASCADE, related_name="reviews", verbose_name=_("kỳ đánh giá")
    )
    cell = models.ForeignKey(
        "cells.Cell",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("chi bộ"),
    )
    committee = models.ForeignKey(
        "cells.PartyCommittee",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("đảng ủy"),
    )
    path = models.CharField(max_length=80, editable=False, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    proposed_at = models.DateTimeField(_("đề nghị lúc"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unlock_reason = models.TextField(_("lý do mở khóa lần cuối"), blank=True)

    objects = querysets.ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả đánh giá của chi bộ")
        verbose_name_plural = _("kết quả đánh giá của chi bộ")
        ordering = ["round", "path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cell"], name="review_cell_once"),
            models.UniqueConstraint(fields=["round", "committee"], name="review_committee_once"),
            models.CheckConstraint(
                condition=Q(cell__isnull=True) ^ Q(committee__isnull=True),
                name="review_cell_or_committee",
            ),
        ]

    def __str__(self):
        return f"{self.round} — {self.cell or self.committee}"

    def save(self, *args, **kwargs):
        self.path = self.cell.path if self.cell_id else self.committee.place.path
        super().save(*args, **kwargs)

    @property
    def is_locked(self):
        return self.status == ReviewStatus.APPROVED


class Rating(AuditScoped, models.Model):
    """One subject's rating in a round: the points per criterion, the
    conditions met and vetoes ticked; `score`, `level` and `reason` are
    computed from them (levels.Framework.judge) and never typed."""

    review = models.ForeignKey(
        Review, models.CASCADE, related_name="ratings", verbose_name=_("kết quả của")
    )
    # The round again, so that "one rating a member a round" is a constraint.
    round = models.ForeignKey(
        RatingRound, models.CASCADE, related_name="ratings", verbose_name=_("kỳ đánh giá")
    )
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices)
    member = models.ForeignKey(
        "cells.PartyMember",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("đảng viên"),
    )
    cell = models.ForeignKey(
        "cells.Cell",
        models.PROTECT,
        related_name="ratings",
        null=True,
        blank=True,
        verbose_name=_("chi bộ"),
        help_text=_("Chi bộ được đánh giá, hoặc chi bộ đảng viên sinh hoạt trong kỳ."),
    )
    committee = models.ForeignKey(
        "cells.PartyCommittee",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("đảng ủy"),
    )
    path = models.CharField(max_length=80, editable=False, db_index=True)
    points = models.JSONField(_("điểm từng tiêu chí"), default=dict)
    met = models.JSONField(_("điều kiện đạt"), default=list, blank=True)
    vetoes = models.JSONField(_("điều kiện phủ quyết"), default=list, blank=True)
    score = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2)
    level = models.CharField(_("xếp loại"), max_length=20, choices=RatingLevel.choices)
    reason = models.CharField(_("căn cứ xếp loại"), max_length=500)
    probationary = models.BooleanField(_("đảng viên dự bị"), default=False)
    exempted = models.BooleanField(_("miễn công tác và sinh hoạt"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = querysets.RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại chất lượng")
        verbose_name_plural = _("xếp loại chất lượng")
        ordering = ["round", "path", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="rating_member_once"),
            models.UniqueConstraint(
                fields=["round", "cell"],
                condition=Q(subject=Subject.CELL),
                name="rating_cell_once",
            ),
            models.UniqueConstraint(fields=["round", "committee"], name="rating_committee_once"),
        ]
        indexes = [models.Index(fields=["round", "subject", "level"], name="rating_round_level")]

    def __str__(self):
        return f"{self.member or self.cell or self.committee}: {self.get_level_display()}"

    def save(self, *args, **kwargs):
        # Scoped where its results are (the services write it in bulk, with
        # the same path).
        self.path = self.review.path
        super().save(*args, **kwargs)


class Designation(AuditScoped, models.Model):
    """A designation (danh hiệu) cells are granted for a year: "Chi bộ bốn
    tốt", "Chi bộ trong sạch, vững mạnh". Its criteria are words the
    committee judges by; `checks` names those the portal can read off its
    records (ratings.designations.CHECKS), shown beside each decision. Those
    without a place are shared by every locality (the superuser's); a
    province or commune keeps its own."""

    name = models.CharField(_("tên danh hiệu"), max_length=200)
    criteria = models.TextField(_("tiêu chuẩn"), blank=True)
    place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("đơn vị đặt danh hiệu"),
        help_text=_(
            "Để trống: danh hiệu dùng chung cho mọi địa phương, chỉ quản trị hệ thống sửa."
        ),
    )
    checks = models.JSONField(
        _("tiêu chí kiểm tra từ dữ liệu"),
        default=list,
        blank=True,
        help_text=_(
            "Các tiêu chí cổng tự kiểm tra từ số liệu đã nhập, hiển thị bên cạnh quyết định "
            "công nhận (không thay cho quyết định)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = querysets.DesignationQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh hiệu chi bộ")
        verbose_name_plural = _("danh hiệu chi bộ")
        ordering = ["order", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(place__isnull=True), name="designation_name_shared"
            ),
            models.UniqueConstraint(fields=["place", "name"], name="designation_name_in_place"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from .designations import unknown_codes

        self.name = clean_text(self.name)
        if not isinstance(self.checks, list):
            raise ValidationError({"checks": _("Danh sách tiêu chí kiểm tra không hợp lệ.")})
        if unknown := unknown_codes(self.checks):
            message = _("Không có tiêu chí kiểm tra: %(codes)s.") % {"codes": ", ".join(unknown)}
            raise ValidationError({"checks": message})
        if self.place_id and self.place.level not in (Level.PROVINCE, Level.COMMUNE):
            raise ValidationError({"place": _("Danh hiệu do tỉnh hoặc xã đặt ra.")})


class DesignationGrant(AuditScoped, models.Model):
    """A committee's decision on a cell's designation for a year: granted or
    not (the human decision), by whom, under which document. The computed
    checks are shown beside it, never stored in its place."""

    designation = models.ForeignKey(
        Designation, models.PROTECT, related_name="grants", verbose_name=_("danh hiệu")
    )
    cell = models.ForeignKey(
        "cells.Cell",
        models.PROTECT,
        related_name="designation_grants",
        verbose_name=_("chi bộ"),
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    granted = models.BooleanField(
        _("được công nhận"),
        default=True,
        help_text=_("Quyết định của cấp ủy; các tiêu chí tự kiểm tra chỉ để tham khảo."),
    )
    decided_by = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=50, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    path = models.CharField(max_length=80, editable=False, db_index=True)

    objects = querysets.DesignationGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("công nhận danh hiệu")
        verbose_name_plural = _("công nhận danh hiệu")
        ordering = ["-year", "path", "designation"]
        constraints = [
            models.UniqueConstraint(
                fields=["designation", "cell", "year"],
                name="designation_grant_once_a_year",
                violation_error_message=_("Chi bộ đã có quyết định về danh hiệu này trong năm."),
            ),
        ]

    def __str__(self):
        return f"{self.designation} — {self.cell} ({self.year})"

    def save(self, *args, **kwargs):
        self.path = self.cell.path
        super().save(*args, **kwargs)

    def clean(self):
        self.decided_by = clean_text(self.decided_by)
        self.document_number = clean_text(self.document_number)
        errors = {}
        if self.designation_id and self.cell_id:
            own = self.designation.place
            if own is not None and not self.cell.path.startswith(own.path):
                errors["designation"] = _(
                    "Danh hiệu “%(name)s” là của %(place)s, không dùng cho chi bộ này."
                ) % {"name": self.designation, "place": own}
        if self.document_date and self.year and self.document_date.year < self.year:
            errors["document_date"] = _(
                "Văn bản công nhận danh hiệu năm %(year)s không thể ký trước năm đó."
            ) % {"year": self.year}
        if errors:
            raise ValidationError(errors)
