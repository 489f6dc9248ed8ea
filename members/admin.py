"""A member's whole record in the admin: discipline, periods out of party
age and open inspections or complaints, each on its own list and under the
member; and on the member (cells' PartyMemberAdmin, extended here because the
rules live in this app) the list filter of members due for recognition and
the party age with its calculation."""

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from cells.admin.people import PartyMemberAdmin
from cells.models import PartyMember
from core.admin_scope import CommuneFilter, ScopedAdmin, ScopedInline

from .age import party_age
from .constants import RecognitionWindow
from .models import Discipline, MemberCase, MembershipGap
from .recognition import awaiting_recognition


class RecognitionFilter(SimpleListFilter):
    """Probationary members by when their recognition is due, today
    (members.recognition)."""

    title = _("chuyển chính thức")
    parameter_name = "chinh_thuc"

    def lookups(self, request, model_admin):
        return RecognitionWindow.choices

    def queryset(self, request, queryset):
        if self.value() not in RecognitionWindow.values:
            return queryset
        return awaiting_recognition(queryset, timezone.localdate(), self.value())


class MemberRecordAdmin(ScopedAdmin):
    """What the three lists share: the member by autocomplete, filtered by
    commune, searched by name or card."""

    list_select_related = ["member__person"]
    list_filter = [CommuneFilter]
    search_fields = ["member__person__search_name", "member__card_number"]
    autocomplete_fields = ["member"]

    @admin.display(description=_("đảng viên"), ordering="member__person__sort_key")
    def member_name(self, record):
        return record.member.person.full_name


@admin.register(Discipline)
class DisciplineAdmin(MemberRecordAdmin):
    list_display = ["member_name", "form", "decision_number", "decision_date", "effective_on"]
    list_filter = [CommuneFilter, "form"]
    ordering = ["-effective_on", "id"]


@admin.register(MembershipGap)
class MembershipGapAdmin(MemberRecordAdmin):
    list_display = ["member_name", "kind", "start_date", "end_date"]
    list_filter = [CommuneFilter, "kind"]
    ordering = ["member__person__sort_key", "start_date"]


@admin.register(MemberCase)
class MemberCaseAdmin(MemberRecordAdmin):
    list_display = ["member_name", "kind", "opened_on", "closed_on"]
    list_filter = [CommuneFilter, "kind"]
    ordering = ["-opened_on", "id"]


class DisciplineInline(ScopedInline):
    model = Discipline
    fields = ["form", "decision_number", "decision_date", "issued_by", "effective_on", "ends_on"]


class GapInline(ScopedInline):
    model = MembershipGap
    fields = ["kind", "start_date", "end_date", "note"]


class CaseInline(ScopedInline):
    model = MemberCase
    fields = ["kind", "opened_on", "closed_on", "note"]


admin.site.unregister(PartyMember)


@admin.register(PartyMember)
class MemberWithRecordAdmin(PartyMemberAdmin):
    list_filter = [*PartyMemberAdmin.list_filter, RecognitionFilter]
    inlines = [*PartyMemberAdmin.inlines, DisciplineInline, GapInline, CaseInline]
    readonly_fields = ["party_age"]

    @admin.display(description=_("tuổi đảng (cách tính)"))
    def party_age(self, member):
        if member.pk is None or member.admitted_on is None:
            return "—"
        lines = party_age(member, timezone.localdate()).explanation()
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))
