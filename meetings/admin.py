"""The meetings admin: meetings with their attendance screen and import,
cadre assignments, conferences, and the page of cells falling behind.

Every admin derives from the scoped bases of `core.admin_scope`, so lists,
change pages, choices, autocomplete and filters stop at the user's place.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_exports import ListExportMixin
from core.admin_scope import CommuneFilter, ScopedAdmin, ScopedInline
from core.files import serve_file
from core.imports.admin import ImportAdminMixin
from core.periods import Period, PeriodError

from . import imports
from .compliance import low_attendance_q, papers_late_q, rules, short_q
from .forms import AttendanceForm
from .models import (
    Attachment,
    CadreAssignment,
    CellMeetingCheck,
    Conference,
    ConferenceInvitation,
    ConferenceInvitee,
    Meeting,
    MeetingGuest,
    MeetingTopic,
)
from .resources import MeetingResource

NO_VALUE = "—"


class AttachmentInline(ScopedInline):
    model = Attachment
    fields = ["file", "description", "content_type", "uploaded_at"]
    readonly_fields = ["content_type", "uploaded_at"]


class MeetingGuestInline(ScopedInline):
    model = MeetingGuest
    fields = ["person", "position", "assigned"]
    readonly_fields = ["assigned"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("cán bộ được phân công"), boolean=True)
    def assigned(self, guest):
        return guest.was_assigned if guest.pk else None


class RuleFilter(admin.SimpleListFilter):
    """Meetings breaking one of the rules of meetings.compliance."""

    title = _("vi phạm quy định")
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        return [
            ("short", _("Thời lượng ngắn")),
            ("papers", _("Gửi tài liệu muộn")),
            ("attendance", _("Tỷ lệ dự họp thấp")),
        ]

    def queryset(self, request, queryset):
        limits = rules()
        condition = {
            "short": short_q(limits),
            "papers": papers_late_q(limits),
            "attendance": low_attendance_q(limits),
        }.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


@admin.register(Meeting)
class MeetingAdmin(ImportAdminMixin, ListExportMixin, ScopedAdmin):
    importer_class = imports.MeetingImport
    resource_classes = [MeetingResource]
    list_display = [
        "date",
        "cell",
        "kind",
        "duration_minutes",
        "attendance",
        "cadre",
        "attendance_link",
    ]
    list_select_related = ["cell"]
    list_filter = ["kind", RuleFilter, CommuneFilter, "tags"]
    date_hierarchy = "date"
    search_fields = ["cell__search_name"]
    autocomplete_fields = ["cell", "chair", "note_taker"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "cell",
                    "kind",
                    "date",
                    ("start_time", "end_time"),
                    "duration_minutes",
                    "attendance_entry",
                ]
            },
        ),
        (_("Nội dung"), {"fields": ["location", "chair", "note_taker", "tags", "topics"]}),
        (_("Nghị quyết và tài liệu"), {"fields": ["resolution", "papers_sent_on"]}),
        (
            _("Số liệu báo cáo (chỉ cho buổi họp nhập bù, chưa điểm danh)"),
            {
                "classes": ["collapse"],
                "fields": ["reported_present", "reported_excused", "reported_unexcused"],
            },
        ),
    ]
    inlines = [MeetingGuestInline, AttachmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_attendance().with_cadre()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("có mặt"))
    def attendance(self, meeting):
        if not meeting.member_count:
            return NO_VALUE
        return f"{meeting.present_count}/{meeting.member_count}"

    @admin.display(description=_("cán bộ phụ trách dự"), boolean=True)
    def cadre(self, meeting):
        return meeting.cadre_attended if meeting.cadre_assigned else None

    @admin.display(description=_("điểm danh"))
    def attendance_link(self, meeting):
        url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
        return format_html('<a href="{}">{}</a>', url, _("Điểm danh"))

    @admin.display(description=_("điểm danh đảng viên"))
    def attendance_entry(self, meeting):
        if meeting is None or meeting.pk is None:
            return _("Lưu buổi sinh hoạt trước, rồi điểm danh cả chi bộ trên một trang.")
        # The change page's object comes from get_queryset, counts annotated.
        return format_html("{} — {}", self.attendance(meeting), self.attendance_link(meeting))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "attendance_entry"]

    def get_urls(self):
        own = [
            path(
                "attachment/<path:name>",
                self.admin_site.admin_view(self.attachment_view),
                name="meetings_attachment_download",
            ),
            path(
                "<path:object_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="meetings_meeting_attendance",
            ),
        ]
        return own + super().get_urls()

    def attachment_view(self, request, name):
        """An attachment, to users who may see its meeting; 404 otherwise."""
        attachment = Attachment.objects.in_scope(request.user).filter(file=name).first()
        if attachment is None or not self.has_view_permission(request, attachment.meeting):
            raise Http404
        return serve_file(
            attachment.file, filename=attachment.file.name.rsplit("/", 1)[-1], owner=attachment
        )

    def attendance_view(self, request, object_id):
        """The whole cell on one screen, prefilled with its members on the
        meeting date; saved in one go."""
        meeting = self.get_object(request, object_id)
        if meeting is None or not self.has_view_permission(request, meeting):
            raise Http404
        can_change = self.has_change_permission(request, meeting)
        if request.method == "POST" and not can_change:
            raise PermissionDenied
        recorded = {row.member_id: row for row in meeting.attendances.all()}
        form = AttendanceForm(
            request.POST or None, members=meeting.expected_members(), recorded=recorded
        )
        if request.method == "POST" and form.is_valid():
            created, changed = meeting.record_attendance(form.entries())
            self.message_user(
                request,
                _("Đã lưu điểm danh: %(created)s mới, %(changed)s thay đổi.")
                % {"created": created, "changed": changed},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "meeting": meeting,
            "form": form,
            "can_change": can_change,
            "title": _("Điểm danh: %(meeting)s") % {"meeting": meeting},
        }
        return TemplateResponse(request, "admin/meetings/attendance.html", context)


@admin.register(MeetingTopic)
class MeetingTopicAdmin(ScopedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(CadreAssignment)
class CadreAssignmentAdmin(ScopedAdmin):
    list_display = ["person", "position", "cell", "start_date", "end_date"]
    list_select_related = ["person", "cell"]
    list_filter = [CommuneFilter]
    search_fields = ["person__search_name", "cell__search_name"]
    autocomplete_fields = ["person", "cell"]


class InvitationInline(ScopedInline):
    model = ConferenceInvitation
    fields = ["post_types", "place", "on_date"]
    autocomplete_fields = ["post_types", "place"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        from core.admin_scope import scope_choice_field

        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return scope_choice_field(field, request.user)


class InviteeInline(ScopedInline):
    model = ConferenceInvitee
    fields = ["person", "post_name", "attended"]
    readonly_fields = ["person", "post_name"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        # Invitees come from the invited groups, resolved on save.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(Conference)
class ConferenceAdmin(ScopedAdmin):
    list_display = ["title", "date", "host", "online", "invitee_count"]
    list_select_related = ["host"]
    list_filter = ["online"]
    date_hierarchy = "date"
    search_fields = ["title"]
    autocomplete_fields = ["host", "bridge_points"]
    inlines = [InvitationInline, InviteeInline]
    actions = ["resolve_invitations"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(invitees_total=Count("invitees"))

    @admin.display(description=_("số người được mời"), ordering="invitees_total")
    def invitee_count(self, conference):
        return conference.invitees_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        added = form.instance.resolve_invitations()
        if added:
            self.message_user(request, _("Đã thêm %(n)s người được mời.") % {"n": added})

    @admin.action(description=_("Cập nhật danh sách mời theo chức danh"), permissions=["change"])
    def resolve_invitations(self, request, queryset):
        added = sum(conference.resolve_invitations() for conference in queryset)
        self.message_user(request, _("Đã thêm %(n)s người được mời.") % {"n": added})


def checked_date(request):
    """The day the check page looks from: today, or the last day of the month
    picked with ?ky=YYYY-MM (months still running stop at today)."""
    today = timezone.localdate()
    try:
        month = Period.parse(request.GET.get(PeriodFilter.parameter_name, ""))
    except PeriodError:
        return today
    if month.kind != "month":
        return today
    return min(month.end, today)


class PeriodFilter(admin.SimpleListFilter):
    """Which month to check: this one by default, or one of the twelve
    months up to the latest meeting recorded in the user's scope."""

    title = _("tháng kiểm tra")
    parameter_name = "ky"

    def lookups(self, request, model_admin):
        latest = Meeting.objects.in_scope(request.user).aggregate(latest=Max("date"))["latest"]
        anchor = min(latest or timezone.localdate(), timezone.localdate())
        months = []
        year, month = anchor.year, anchor.month
        for _step in range(12):
            months.append((f"{year}-{month:02d}", f"{month:02d}/{year}"))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return months

    def queryset(self, request, queryset):
        # The month is read by the other filters and the annotations.
        return queryset


class MissingMonthFilter(admin.SimpleListFilter):
    title = _("sinh hoạt thường kỳ")
    parameter_name = "thang"

    def lookups(self, request, model_admin):
        return [("thieu", _("Thiếu sinh hoạt tháng này"))]

    def queryset(self, request, queryset):
        if self.value() != "thieu":
            return queryset
        return queryset.missing_regular(Period.month_of(checked_date(request)))


class MissingThematicFilter(admin.SimpleListFilter):
    title = _("sinh hoạt chuyên đề")
    parameter_name = "quy"

    def lookups(self, request, model_admin):
        return [("thieu", _("Chưa sinh hoạt chuyên đề quý này"))]

    def queryset(self, request, queryset):
        if self.value() != "thieu":
            return queryset
        date = checked_date(request)
        return queryset.without_thematic(Period.quarter_of(date), until=date)


@admin.register(CellMeetingCheck)
class CellMeetingCheckAdmin(ScopedAdmin):
    """Read-only: which cells of the user's scope fall behind the rules."""

    list_display = [
        "name",
        "committee",
        "regular_this_month",
        "thematic_this_quarter",
        "last_meeting_on",
    ]
    list_select_related = ["committee"]
    list_filter = [PeriodFilter, MissingMonthFilter, MissingThematicFilter, CommuneFilter]
    search_fields = ["search_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_checks(checked_date(request))

    def changelist_view(self, request, extra_context=None):
        """Above the list: how many cells of the user's scope fall behind."""
        date = checked_date(request)
        cells = CellMeetingCheck.objects.in_scope(request.user)
        month, quarter = Period.month_of(date), Period.quarter_of(date)
        extra_context = {
            **(extra_context or {}),
            "month": month,
            "quarter": quarter,
            "missing_month": cells.missing_regular(month).count(),
            "missing_thematic": cells.without_thematic(quarter, until=date).count(),
        }
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("thường kỳ tháng này"), boolean=True)
    def regular_this_month(self, cell):
        return cell.regular_this_month if cell.expected_month else None

    @admin.display(description=_("chuyên đề quý này"), boolean=True)
    def thematic_this_quarter(self, cell):
        return cell.thematic_this_quarter if cell.expected_quarter else None

    @admin.display(description=_("lần họp gần nhất"), ordering="last_meeting_on")
    def last_meeting_on(self, cell):
        return cell.last_meeting_on or NO_VALUE
