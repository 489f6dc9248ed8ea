"""People, party members and their cell memberships."""

from django.contrib import admin
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_exports import ListExportMixin
from core.admin_scope import (
    CommuneFilter,
    HamletFilter,
    ScopedAdmin,
    ScopedInline,
    SharedChoicesFormSet,
)
from core.imports.admin import ImportAdminMixin

from ..imports.members import MemberImport
from ..imports.people import PeopleImport
from ..models import CellMembership, Holding, PartyMember, Person
from ..querysets import active_on
from ..resources import PartyMemberResource, PersonResource
from .common import NO_VALUE, person_label, place_with_commune

# --- People and party members ------------------------------------------------


class HoldingFormSet(SharedChoicesFormSet):
    """Each row's `clean()` checks the seat against the saved holdings only;
    two new rows of one form taking the same single-seat post are checked
    against each other here, before either is written."""

    def clean(self):
        super().clean()
        kept = [
            form.instance
            for form in self.forms
            if form.has_changed() and form.is_valid() and not self._should_delete_form(form)
        ]
        for index, holding in enumerate(kept):
            for other in kept[index + 1 :]:
                holding.check_beside(other)


class HoldingInline(ScopedInline):
    """Holdings under a person or a post: the other side is picked with the
    autocomplete, and the rows load everything their labels show."""

    model = Holding
    formset = HoldingFormSet
    details = ["term", "start_date", "end_date", "end_reason", "decision_number", "decision_date"]

    def get_fields(self, request, obj=None):
        return [self.other_side, *self.details]

    def get_autocomplete_fields(self, request):
        return [self.other_side]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "term", "post__post_type", "post__place", "post__cell")
        )


class PersonHoldingInline(HoldingInline):
    fk_name = "person"
    other_side = "post"
    verbose_name = _("chức danh đảm nhiệm")
    verbose_name_plural = _("các chức danh đảm nhiệm")


@admin.register(Person)
class PersonAdmin(ImportAdminMixin, ListExportMixin, ScopedAdmin):
    importer_class = PeopleImport
    resource_classes = [PersonResource]
    list_display = ["name", "sex", "birth_date", "citizen_id", "residence", "posts_held"]
    list_select_related = ["place__parent"]
    list_filter = ["sex", CommuneFilter, HamletFilter]
    search_fields = ["search_name", "citizen_id", "phone"]
    autocomplete_fields = ["place"]
    ordering = ["sort_key", "id"]
    fields = ["full_name", "sex", "birth_date", "citizen_id", "phone", "place"]
    inlines = [PersonHoldingInline]
    label_related = ["place__parent"]

    def choice_label(self, person):
        return person_label(person)

    def get_queryset(self, request):
        held_now = Prefetch(
            "holdings",
            queryset=Holding.objects.filter(active_on(timezone.localdate())).select_related(
                "post__post_type"
            ),
            to_attr="current_holdings",
        )
        return super().get_queryset(request).prefetch_related(held_now)

    @admin.display(description=_("họ và tên"), ordering="sort_key")
    def name(self, person):
        return person.full_name

    @admin.display(description=_("nơi cư trú"), ordering="place__sort_key")
    def residence(self, person):
        return place_with_commune(person.place)

    @admin.display(description=_("chức danh đang giữ"))
    def posts_held(self, person):
        titles = [str(h.post.post_type) for h in person.current_holdings]
        return ", ".join(titles) or NO_VALUE


class CellMembershipInline(ScopedInline):
    model = CellMembership
    fields = ["cell", "start_date", "end_date", "end_reason"]
    autocomplete_fields = ["cell"]
    verbose_name = _("sinh hoạt tại chi bộ")
    verbose_name_plural = _("quá trình sinh hoạt chi bộ")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cell")


@admin.register(PartyMember)
class PartyMemberAdmin(ImportAdminMixin, ListExportMixin, ScopedAdmin):
    importer_class = MemberImport
    resource_classes = [PartyMemberResource]
    list_display = ["name", "card_number", "admitted_on", "full_member_on", "current_cell"]
    list_select_related = ["person"]
    list_filter = ["person__sex", CommuneFilter, HamletFilter]
    search_fields = ["person__search_name", "person__citizen_id", "card_number"]
    autocomplete_fields = ["person"]
    ordering = ["person__sort_key", "id"]
    inlines = [CellMembershipInline]
    label_related = ["person__place__parent"]

    def choice_label(self, member):
        return person_label(member.person)

    def get_queryset(self, request):
        cell_now = CellMembership.objects.filter(
            active_on(timezone.localdate()), member=OuterRef("pk")
        ).order_by("-start_date")
        return (
            super()
            .get_queryset(request)
            .annotate(current_cell_name=Subquery(cell_now.values("cell__name")[:1]))
        )

    @admin.display(description=_("họ và tên"), ordering="person__sort_key")
    def name(self, member):
        return member.person.full_name

    @admin.display(description=_("chi bộ đang sinh hoạt"), ordering="current_cell_name")
    def current_cell(self, member):
        return member.current_cell_name or NO_VALUE


@admin.register(CellMembership)
class CellMembershipAdmin(ScopedAdmin):
    list_display = ["member_name", "cell", "start_date", "end_date", "end_reason"]
    list_select_related = ["member__person", "cell"]
    list_filter = [CommuneFilter, "end_reason"]
    search_fields = ["member__person__search_name", "cell__search_name", "member__card_number"]
    autocomplete_fields = ["member", "cell"]
    ordering = ["member__person__sort_key", "start_date"]

    @admin.display(description=_("đảng viên"), ordering="member__person__sort_key")
    def member_name(self, membership):
        return membership.member.person.full_name
