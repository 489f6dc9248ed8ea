"""Meetings of party cells, who attended them, the higher-level cadres who
follow each cell, and conferences called by a district or commune."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, CellMembership, FixedCode, PartyMember, Person, Place, PostType
from core.audit import AuditScoped, log_bulk_create, log_bulk_update
from core.vietnamese import clean_text
from transfers.models import Transfer

from . import querysets
from .attachments import attachment_kind, private_storage
from .constants import AttendanceStatus, MeetingKind, Standing


class MeetingTopic(AuditScoped, FixedCode, models.Model):
    """A tag for what a meeting discussed (kinh tế, nông thôn mới …)."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("chủ đề"), max_length=120)

    objects = querysets.SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chủ đề sinh hoạt")
        verbose_name_plural = _("chủ đề sinh hoạt")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Meeting(AuditScoped, models.Model):
    """A meeting of a cell.

    Date and times are local (Asia/Ho_Chi_Minh) wall-clock values, as the
    minutes write them: a meeting at 23:30 on 30/09 belongs to the third
    quarter whatever UTC says. `duration_minutes` is derived from the times
    when both are known; a backfilled meeting may carry only a duration.
    Attendance counts come from the attendance rows (copied onto
    `attendance_*` by `record_attendance()`); the `reported_*` counts are only
    for backfilled meetings that have no rows.
    """

    cell = models.ForeignKey(
        Cell, models.PROTECT, related_name="meetings", verbose_name=_("chi bộ")
    )
    kind = models.CharField(_("loại sinh hoạt"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("ngày họp"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("thời lượng (phút)"),
        null=True,
        blank=True,
        help_text=_("Tự tính từ giờ bắt đầu và kết thúc khi có đủ."),
    )
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chủ trì"),
    )
    note_taker = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_noted",
        verbose_name=_("thư ký"),
    )
    topics = models.TextField(_("nội dung sinh hoạt"), blank=True)
    tags = models.ManyToManyField(
        MeetingTopic, blank=True, related_name="meetings", verbose_name=_("chủ đề")
    )
    resolution = models.TextField(_("tóm tắt nghị quyết"), blank=True)
    papers_sent_on = models.DateField(_("ngày gửi tài liệu"), null=True, blank=True)
    # Derived from papers_sent_on so the rule is a plain comparison in SQL.
    papers_days_ahead = models.SmallIntegerField(null=True, blank=True, editable=False)
    reported_present = models.PositiveSmallIntegerField(
        _("số có mặt (báo cáo)"), null=True, blank=True
    )
    reported_excused = models.PositiveSmallIntegerField(
        _("số vắng có lý do (báo cáo)"), null=True, blank=True
    )
    reported_unexcused = models.PositiveSmallIntegerField(
        _("số vắng không lý do (báo cáo)"), null=True, blank=True
    )
    # Derived from the attendance rows by record_attendance(); None while
    # there are none, and the reported counts stand in.
    attendance_present = models.PositiveSmallIntegerField(null=True, editable=False)
    attendance_total = models.PositiveSmallIntegerField(null=True, editable=False)

    objects = querysets.MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        ordering = ["-date", "cell__sort_key"]
        indexes = [models.Index(fields=["cell", "date"], name="meeting_cell_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(papers_sent_on__isnull=True) | Q(papers_sent_on__lte=F("date")),
                name="meeting_papers_not_after_date",
                violation_error_message=_("Ngày gửi tài liệu không được sau ngày họp."),
            ),
        ]

    def __str__(self):
        return f"{self.cell} — {self.get_kind_display()} {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_time and self.end_time and self.start_time == self.end_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải khác giờ bắt đầu.")})
        if self.papers_sent_on and self.date and self.papers_sent_on > self.date:
            raise ValidationError(
                {"papers_sent_on": _("Ngày gửi tài liệu không được sau ngày họp.")}
            )
        if self.cell_id and self.date and not self.cell.existed_on(self.date):
            raise ValidationError(
                {"date": _("Chi bộ chưa thành lập hoặc đã giải thể vào ngày này.")}
            )
        self.fill_derived_fields()

    def fill_derived_fields(self):
        """Set what is computed from what users type (bulk writes call it too)."""
        self.location = clean_text(self.location)
        if self.start_time and self.end_time:
            self.duration_minutes = minutes_between(self.start_time, self.end_time)
        self.papers_days_ahead = (
            (self.date - self.papers_sent_on).days if self.papers_sent_on and self.date else None
        )

    @classmethod
    def local_date_and_time(cls, moment):
        """The local date and time of an aware datetime (a UTC timestamp from
        a phone or an API): what a meeting stores."""
        local = timezone.localtime(moment)
        return local.date(), local.time().replace(second=0, microsecond=0)

    def expected_members(self):
        """The cell's members on the meeting date (transfers respected), those
        attending it for a while ("sinh hoạt tạm": a temporary transfer
        presented there, running on the date), plus anyone already marked
        for this meeting, in Vietnamese name order; each annotated with
        `standing` (Standing), how the minutes count them."""
        on_date = CellMembership.objects.on(self.date).filter(cell_id=self.cell_id)
        belongs = Q(pk__in=on_date.values("member_id"))
        visiting = Q(pk__in=Transfer.objects.temporary_at(self.cell_id, self.date).values("member"))
        return (
            PartyMember.objects.filter(belongs | visiting | Q(attendances__meeting=self))
            .distinct()
            .annotate(
                standing=Case(
                    When(~belongs & visiting, then=Value(Standing.TEMPORARY)),
                    When(full_member_on__lte=self.date, then=Value(Standing.FULL)),
                    default=Value(Standing.PROBATIONARY),
                )
            )
            .select_related("person")
            .order_by("person__sort_key", "pk")
        )

    @transaction.atomic
    def record_attendance(self, entries):
        """Save `entries` ({member id: (status, reason)}) in one go: rows
        created or updated in bulk, whatever the size of the cell."""
        recorded = {row.member_id: row for row in self.attendances.select_related("member__person")}
        # Members with their people, so the audit entries name them without
        # a query per row.
        members = PartyMember.objects.select_related("person").in_bulk(list(entries))
        created, changed = [], []
        for member_id, (status, reason) in entries.items():
            reason = clean_text(reason) if status != AttendanceStatus.PRESENT else ""
            row = recorded.get(member_id)
            if row is None:
                created.append(
                    Attendance(
                        meeting=self, member=members[member_id], status=status, reason=reason
                    )
                )
            elif (row.status, row.reason) != (status, reason):
                values = {"status": [row.status, status], "reason": [row.reason, reason]}
                row.status, row.reason = status, reason
                changed.append((row, {k: v for k, v in values.items() if v[0] != v[1]}))
        # Bulk writes bypass the audit signals: the trail is written alongside.
        log_bulk_create(Attendance.objects.bulk_create(created))
        Attendance.objects.bulk_update([row for row, _values in changed], ["status", "reason"])
        log_bulk_update(changed)
        self.refresh_attendance_counts()
        return len(created), len(changed)

    def refresh_attendance_counts(self):
        """Copy the counts of the attendance rows onto the meeting, so rules
        over thousands of meetings compare columns instead of counting rows."""
        counts = self.attendances.aggregate(
            total=models.Count("pk"),
            present=models.Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        )
        has_rows = counts["total"] > 0
        self.attendance_total = counts["total"] if has_rows else None
        self.attendance_present = counts["present"] if has_rows else None
        Meeting.objects.filter(pk=self.pk).update(
            attendance_total=self.attendance_total, attendance_present=self.attendance_present
        )


def minutes_between(start, end):
    """Minutes from `start` to `end`; a meeting ending past midnight ends the next day."""
    day = datetime.date(2000, 1, 1)
    delta = datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
    minutes = int(delta.total_seconds() // 60)
    return minutes if minutes > 0 else minutes + 24 * 60


class Attendance(AuditScoped, models.Model):
    """Whether a member attended a meeting (one row per member and meeting)."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attendances", verbose_name=_("buổi sinh hoạt")
    )
    member = models.ForeignKey(
        PartyMember, models.PROTECT, related_name="attendances", verbose_name=_("đảng viên")
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    reason = models.CharField(_("lý do vắng"), max_length=200, blank=True)

    objects = querysets.AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["member__person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="attendance_once_per_member",
                violation_error_message=_("Đảng viên này đã được điểm danh trong buổi họp."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_status_display()}"


def attachment_path(instance, filename):
    # The name users gave is kept only as the last part; the folder is ours.
    return f"meetings/{instance.meeting.date:%Y/%m}/{instance.meeting_id}/{filename}"


class Attachment(AuditScoped, models.Model):
    """A scanned minute, a photo or a document of a meeting."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attachments", verbose_name=_("buổi sinh hoạt")
    )
    file = models.FileField(
        _("tệp"), upload_to=attachment_path, storage=private_storage, max_length=255
    )
    description = models.CharField(_("mô tả"), max_length=200, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=10, editable=False)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = querysets.AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.description or self.file.name.rsplit("/", 1)[-1]

    def clean(self):
        from .compliance import rules

        if self.file and not self.file._committed:
            try:
                self.content_type = attachment_kind(self.file, rules()["max_attachment_bytes"])
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None


class CadreAssignment(AuditScoped, models.Model):
    """A higher-level cadre (member of a higher committee, district cadre)
    assigned to follow a cell and attend its meetings over a period (the
    "3+1" model of Quan Sơn)."""

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="cadre_assignments", verbose_name=_("cán bộ")
    )
    cell = models.ForeignKey(
        Cell, models.PROTECT, related_name="cadre_assignments", verbose_name=_("chi bộ")
    )
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = querysets.CadreAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công cán bộ dự sinh hoạt")
        verbose_name_plural = _("phân công cán bộ dự sinh hoạt")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cadre_assignment_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.cell}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})


class MeetingGuest(AuditScoped, models.Model):
    """A higher-level attendee of a cell meeting. Whether they were the
    cadre assigned to the cell is read from the assignments, never typed."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="guests", verbose_name=_("buổi sinh hoạt")
    )
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        related_name="meetings_attended_as_guest",
        verbose_name=_("người dự"),
    )
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)

    objects = querysets.MeetingGuestQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ cấp trên dự họp")
        verbose_name_plural = _("cán bộ cấp trên dự họp")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="guest_once_per_meeting",
                violation_error_message=_("Người này đã có trong danh sách dự họp."),
            ),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def was_assigned(self):
        return (
            CadreAssignment.objects.filter(person_id=self.person_id, cell_id=self.meeting.cell_id)
            .active_on(self.meeting.date)
            .exists()
        )


class Conference(AuditScoped, models.Model):
    """A conference (hội nghị) called by a district or commune, in person or
    online with bridge points."""

    title = models.CharField(_("tên hội nghị"), max_length=255)
    date = models.DateField(_("ngày"))
    host = models.ForeignKey(
        Place, models.PROTECT, related_name="conferences_hosted", verbose_name=_("đơn vị tổ chức")
    )
    online = models.BooleanField(_("trực tuyến"), default=False)
    bridge_points = models.ManyToManyField(
        Place,
        blank=True,
        related_name="conference_bridges",
        verbose_name=_("điểm cầu"),
    )
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)

    objects = querysets.ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def resolve_invitations(self):
        """Turn every invited group into invitee rows (idempotent); returns
        the number of invitees added."""
        return sum(group.resolve() for group in self.invitations.all())


class ConferenceInvitation(AuditScoped, models.Model):
    """A group invited to a conference: the holders of some posts under a
    place on a date, e.g. all cell secretaries of Thị xã Nghi Sơn."""

    conference = models.ForeignKey(
        Conference, models.CASCADE, related_name="invitations", verbose_name=_("hội nghị")
    )
    post_types = models.ManyToManyField(PostType, verbose_name=_("chức danh"))
    place = models.ForeignKey(
        Place, models.PROTECT, related_name="+", verbose_name=_("thuộc đơn vị")
    )
    on_date = models.DateField(
        _("giữ chức vào ngày"), null=True, blank=True, help_text=_("Để trống: ngày hội nghị.")
    )

    objects = querysets.InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm khách mời")
        verbose_name_plural = _("nhóm khách mời")

    def __str__(self):
        return _("Nhóm mời tại %(place)s") % {"place": self.place}

    @property
    def resolved_on(self):
        return self.on_date or self.conference.date

    def holdings(self):
        from cells.models import Holding

        return (
            Holding.objects.on(self.resolved_on)
            .within(self.place)
            .filter(post__post_type__in=self.post_types.all())
            .select_related("post__post_type")
            .order_by("person_id", "post__post_type__order")
        )

    def resolve(self):
        """Add the holders of the posts on the date as invitees (one row per
        person, whatever number of posts they hold); returns how many were added."""
        invitees = self.conference.invitees
        seen = set(invitees.values_list("person_id", flat=True))
        added = []
        for holding in self.holdings():
            if holding.person_id in seen:
                continue
            seen.add(holding.person_id)
            added.append(
                ConferenceInvitee(
                    conference_id=self.conference_id,
                    invitation=self,
                    person_id=holding.person_id,
                    post_name=holding.post.post_type.name,
                )
            )
        log_bulk_create(ConferenceInvitee.objects.bulk_create(added))
        return len(added)


class ConferenceInvitee(AuditScoped, models.Model):
    """A person invited to a conference, and whether they came."""

    conference = models.ForeignKey(
        Conference, models.CASCADE, related_name="invitees", verbose_name=_("hội nghị")
    )
    invitation = models.ForeignKey(
        ConferenceInvitation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitees",
        verbose_name=_("nhóm mời"),
    )
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        related_name="conference_invitations",
        verbose_name=_("người được mời"),
    )
    post_name = models.CharField(_("chức danh"), max_length=120, blank=True)
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    objects = querysets.InviteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("người được mời")
        verbose_name_plural = _("người được mời")
        ordering = ["person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"],
                name="invitee_once_per_conference",
                violation_error_message=_("Người này đã có trong danh sách mời."),
            ),
        ]

    def __str__(self):
        return str(self.person)


class CellMeetingCheck(Cell):
    """The cells as the meeting rules see them: an admin page of its own
    listing cells missing this month's meeting or this quarter's thematic one."""

    objects = querysets.CellMeetingCheckQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("kiểm tra sinh hoạt chi bộ")
        verbose_name_plural = _("kiểm tra sinh hoạt chi bộ")
