"""The Vietnamese admin: the data-entry screens of district and commune staff.

Every admin here derives from `ScopedAdmin` / `ScopedInline` (core/admin_scope.py),
so what a user sees, picks and filters on is cut to their place. List pages
annotate what they show (current holders, kiêm nhiệm, member counts) so a page
costs the same few queries for 5 rows or 50.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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

from .constants import Level, PlaceKind, PostScope, ReorganisationKind
from .constants import ReorganisationSubject as Subject
from .imports.hamlets import HamletImport
from .imports.members import MemberImport
from .imports.people import PeopleImport
from .models import (
    Cell,
    CellMembership,
    Holding,
    PartyCommittee,
    PartyMember,
    Person,
    Place,
    Post,
    PostType,
    Reorganisation,
    Term,
)
from .querysets import active_on
from .reorganisations import (
    NewPlace,
    ReorganisationError,
    apply_reorganisation,
    plan_reorganisation,
    undo_reorganisation,
)
from .resources import (
    CellResource,
    HoldingResource,
    PartyMemberResource,
    PersonResource,
    PlaceResource,
)

VACANT = _("Trống")
NO_VALUE = "—"


def count_of(queryset):
    """A correlated COUNT(*) of `queryset` as an annotation: one subquery in
    the list's SQL instead of a query per row, and no GROUP BY on the list."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def current_holdings(date):
    """Prefetch of the holdings in force on `date`, with their people, as
    `current_holdings` on each post."""
    return Prefetch(
        "holdings",
        queryset=Holding.objects.filter(active_on(date)).select_related("person"),
        to_attr="current_holdings",
    )


def place_with_commune(place):
    """A hamlet's name with its commune underneath: district lists mix hamlets
    of a dozen communes, and many share a name ("Bản Bo")."""
    if place.level != Level.HAMLET:
        return str(place)
    return format_html('{}<div class="commune">{}</div>', place, place.parent)


def place_label(place):
    """ "Bản Bo, Xã Tam Lư": the unit and the unit above it (needs `parent`)."""
    return f"{place}, {place.parent}" if place.parent_id else str(place)


def person_label(person):
    """ "Bùi Công Bình (1964) — Bản Ún, Xã Na Mèo": namesakes are common."""
    born = f" ({person.birth_date.year})" if person.birth_date else ""
    return f"{person.full_name}{born} — {place_label(person.place)}"


def admin_link(obj, text=None):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text or obj)


def holders_html(post):
    """Who holds `post` now (links), or "Trống"."""
    holdings = getattr(post, "current_holdings", None)
    if holdings is None:
        return NO_VALUE
    if not holdings:
        return format_html('<span class="vacant">{}</span>', VACANT)
    return format_html_join(", ", "{}", ((admin_link(h.person),) for h in holdings))


# --- Places ------------------------------------------------------------------


class PlaceForm(forms.ModelForm):
    """A staff member creates and moves units only inside their own place."""

    user = None  # set by PlaceAdmin.get_form

    class Meta:
        model = Place
        fields = ["name", "kind", "code", "parent", "valid_from", "valid_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields and self.user and self.user.place:
            self.fields["parent"].error_messages["invalid_choice"] = self.outside_message()

    def outside_message(self):
        return _("Đơn vị cấp trên phải thuộc phạm vi %(place)s của bạn.") % {
            "place": self.user.place
        }

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None and not self.user.is_superuser:
            # No parent means a new province: only the superuser makes those.
            raise forms.ValidationError(self.outside_message())
        return parent


class HamletPostInline(ScopedInline):
    """The posts of a hamlet with who holds them now, and a link to record a
    new holder: what an official looks at when a hamlet's page opens."""

    model = Post
    fk_name = "place"
    fields = ["post_type", "cell", "holders", "add_holding"]
    readonly_fields = ["holders", "add_holding"]
    autocomplete_fields = ["cell"]
    verbose_name = _("chức danh ở thôn")
    verbose_name_plural = _("chức danh ở thôn và người đang giữ")

    def get_queryset(self, request):
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .select_related("post_type", "cell", "place")
            .prefetch_related(current_holdings(today))
        )

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not request.user.has_perm("cells.add_holding"):
            # Officers read; a link to a form they may not use would only confuse.
            fields = [name for name in fields if name != "add_holding"]
        return fields

    @admin.display(description=_("người đang giữ"))
    def holders(self, post):
        return holders_html(post)

    @admin.display(description=_("ghi nhận người giữ"))
    def add_holding(self, post):
        if post is None or post.pk is None:
            return NO_VALUE
        url = reverse("admin:cells_holding_add") + f"?post={post.pk}"
        return format_html('<a class="addlink" href="{}">{}</a>', url, _("Thêm người giữ"))


class SecretaryIsChiefFilter(admin.SimpleListFilter):
    """Hamlets where the cell secretary is, or is not yet, also the chief: the
    share officials report, and the list of hamlets they follow up."""

    title = _("bí thư kiêm trưởng thôn")
    parameter_name = "secretary_is_chief"

    def lookups(self, request, model_admin):
        return [("yes", _("Có kiêm nhiệm")), ("no", _("Chưa kiêm nhiệm"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(level=Level.HAMLET, secretary_is_chief=True)
        if self.value() == "no":
            return queryset.filter(level=Level.HAMLET, secretary_is_chief=False)
        return queryset


@admin.register(Place)
class PlaceAdmin(ImportAdminMixin, ListExportMixin, ScopedAdmin):
    importer_class = HamletImport
    resource_classes = [PlaceResource]
    form = PlaceForm
    list_display = [
        "unit_name",
        "code",
        "parent_name",
        "valid_from",
        "valid_to",
        "secretary_is_chief",
    ]
    list_filter = ["level", "kind", CommuneFilter, SecretaryIsChiefFilter]
    list_select_related = ["parent"]
    search_fields = ["search_name", "code"]
    autocomplete_fields = ["parent"]
    fields = ["name", "kind", "code", "parent", "valid_from", "valid_to", "successor_links"]
    readonly_fields = ["successor_links"]
    label_related = ["parent"]

    def choice_label(self, place):
        return place_label(place)

    def get_queryset(self, request):
        return super().get_queryset(request).with_secretary_as_chief(timezone.localdate())

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_inlines(self, request, obj):
        return [HamletPostInline] if obj is not None and obj.level == Level.HAMLET else []

    @admin.display(description=_("đơn vị kế thừa"))
    def successor_links(self, place):
        # Written by a reorganisation (Sắp xếp đơn vị), not typed here.
        successors = place.successors.all() if place.pk else ()
        return format_html_join(", ", "{}", ((admin_link(s),) for s in successors)) or NO_VALUE

    @admin.display(description=_("tên đơn vị"), ordering="sort_key")
    def unit_name(self, place):
        return str(place)  # "Khu phố 1", not a bare "1"

    @admin.display(description=_("trực thuộc"), ordering="parent__sort_key")
    def parent_name(self, place):
        return place.parent or NO_VALUE

    @admin.display(description=_("bí thư kiêm trưởng thôn"), boolean=True)
    def secretary_is_chief(self, place):
        return place.secretary_is_chief if place.level == Level.HAMLET else None


# --- Party committees and cells ----------------------------------------------


@admin.register(PartyCommittee)
class PartyCommitteeAdmin(ScopedAdmin):
    list_display = ["name", "place", "founded_on", "dissolved_on"]
    list_select_related = ["place"]
    list_filter = [CommuneFilter]
    search_fields = ["name", "place__search_name", "place__code"]
    autocomplete_fields = ["place"]


class CellPostInline(ScopedInline):
    """The cell's own posts (secretary, deputy, committee members) with holders."""

    model = Post
    fk_name = "cell"
    fields = ["post_type", "holders"]
    readonly_fields = ["holders"]
    verbose_name = _("chức danh của chi bộ")
    verbose_name_plural = _("chức danh của chi bộ và người đang giữ")

    def get_queryset(self, request):
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .select_related("post_type", "cell")
            .prefetch_related(current_holdings(today))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "post_type":
            kwargs["queryset"] = PostType.objects.filter(scope=PostScope.CELL)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("người đang giữ"))
    def holders(self, post):
        return holders_html(post)


@admin.register(Cell)
class CellAdmin(ListExportMixin, ScopedAdmin):
    resource_classes = [CellResource]
    list_display = ["name", "committee", "hamlet", "member_count", "founded_on"]
    list_select_related = ["committee", "hamlet"]
    list_filter = ["kind", CommuneFilter]
    search_fields = ["search_name"]
    autocomplete_fields = ["committee", "hamlet"]
    inlines = [CellPostInline]
    label_related = ["committee__place"]

    def choice_label(self, cell):
        return f"{cell}, {cell.committee.place}"

    def get_queryset(self, request):
        members = CellMembership.objects.filter(
            active_on(timezone.localdate()), cell=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(member_count=count_of(members))

    @admin.display(description=_("số đảng viên"), ordering="member_count")
    def member_count(self, cell):
        return cell.member_count


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


# --- Reference data: terms and post types ------------------------------------


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name"]


@admin.register(PostType)
class PostTypeAdmin(ScopedAdmin):
    list_display = ["name", "code", "scope", "seats", "is_hamlet_title", "order"]
    list_filter = ["scope", "is_hamlet_title"]
    search_fields = ["name", "code"]


# --- Posts and holdings ------------------------------------------------------


class VacancyFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "vacancy"

    def lookups(self, request, model_admin):
        return [("vacant", _("Còn trống")), ("filled", _("Đã có người"))]

    def queryset(self, request, queryset):
        if self.value() == "vacant":
            return queryset.filter(holder_count=0)
        if self.value() == "filled":
            return queryset.filter(holder_count__gt=0)
        return queryset


class PostForm(forms.ModelForm):
    """A cell's post takes its place from the cell, so the place may be left
    empty for those; a hamlet post needs its hamlet."""

    class Meta:
        model = Post
        fields = ["post_type", "place", "cell"]
        help_texts = {"place": _("Để trống với chức danh của chi bộ: lấy theo chi bộ.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "place" in self.fields:
            self.fields["place"].required = False

    def clean(self):
        cleaned = super().clean()
        post_type = cleaned.get("post_type")
        if post_type and post_type.scope == PostScope.HAMLET and not cleaned.get("place"):
            self.add_error("place", _("Chức danh ở thôn phải gắn với một thôn."))
        return cleaned


class PostHoldingInline(HoldingInline):
    fk_name = "post"
    other_side = "person"
    verbose_name = _("người giữ")
    verbose_name_plural = _("những người đã và đang giữ vị trí này")


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    form = PostForm
    list_display = ["post_type", "unit", "commune", "holders"]
    list_select_related = ["post_type", "place__parent", "cell"]
    list_filter = ["post_type", VacancyFilter, CommuneFilter, HamletFilter]
    search_fields = [
        "place__search_name",
        "cell__search_name",
        "post_type__code",
        "post_type__name",
    ]
    autocomplete_fields = ["place", "cell"]
    inlines = [PostHoldingInline]
    label_related = ["post_type", "place__parent"]

    def choice_label(self, post):
        return f"{post.post_type} — {place_label(post.place)}"

    def get_queryset(self, request):
        today = timezone.localdate()
        holdings = Holding.objects.filter(active_on(today), post=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(holder_count=count_of(holdings))
            .prefetch_related(current_holdings(today))
        )

    @admin.display(description=_("đơn vị"), ordering="place__sort_key")
    def unit(self, post):
        return post.cell or post.place

    @admin.display(description=_("xã, phường, thị trấn"))
    def commune(self, post):
        return post.place.parent if post.place.level == Level.HAMLET else post.place

    @admin.display(description=_("người đang giữ"), ordering="holder_count")
    def holders(self, post):
        return holders_html(post)


class HeldNowFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("now", _("Đang giữ")), ("ended", _("Đã thôi"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "now":
            return queryset.filter(active_on(today))
        if self.value() == "ended":
            return queryset.filter(end_date__lt=today)
        return queryset


class ConcurrentFilter(admin.SimpleListFilter):
    title = _("kiêm nhiệm")
    parameter_name = "concurrent"

    def lookups(self, request, model_admin):
        return [("yes", _("Có kiêm nhiệm")), ("no", _("Không kiêm nhiệm"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(concurrent_posts__gt=1)
        if self.value() == "no":
            return queryset.filter(concurrent_posts__lte=1)
        return queryset


def concurrent_posts():
    """How many holdings (this one included) the same person has over a period
    overlapping this holding's: more than one is kiêm nhiệm. The name matches
    what `Holding.is_kiem_nhiem` reads."""
    open_end = Value(datetime.date.max)
    overlapping = Holding.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")),
        person=OuterRef("person"),
        start_date__lte=Coalesce(OuterRef("end_date"), open_end),
    )
    return count_of(overlapping)


@admin.register(Holding)
class HoldingAdmin(ListExportMixin, ScopedAdmin):
    resource_classes = [HoldingResource]
    list_display = [
        "person_name",
        "post_title",
        "unit",
        "start_date",
        "end_date",
        "term",
        "kiem_nhiem",
    ]
    list_select_related = [
        "person",
        "post__post_type",
        "post__place__parent",
        "post__cell",
        "term",
    ]
    list_filter = [
        "post__post_type",
        "term",
        HeldNowFilter,
        ConcurrentFilter,
        CommuneFilter,
        HamletFilter,
    ]
    search_fields = [
        "person__search_name",
        "person__citizen_id",
        "post__place__search_name",
        "post__post_type__code",
        "decision_number",
    ]
    autocomplete_fields = ["person", "post"]
    ordering = ["-start_date", "person__sort_key"]
    fields = [
        "person",
        "post",
        "term",
        "start_date",
        "end_date",
        "end_reason",
        "decision_number",
        "decision_date",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(concurrent_posts=concurrent_posts())

    @admin.display(description=_("họ và tên"), ordering="person__sort_key")
    def person_name(self, holding):
        return holding.person.full_name

    @admin.display(description=_("chức danh"), ordering="post__post_type__order")
    def post_title(self, holding):
        return holding.post.post_type

    @admin.display(description=_("đơn vị"), ordering="post__place__sort_key")
    def unit(self, holding):
        return place_with_commune(holding.post.place)

    @admin.display(description=_("kiêm nhiệm"), boolean=True, ordering="concurrent_posts")
    def kiem_nhiem(self, holding):
        return holding.is_kiem_nhiem


# --- Reorganisations -----------------------------------------------------------


class ReorganisationForm(forms.Form):
    """A merger of hamlets or communes, or a rename, change of kind or move
    of one; the successor is one of them or a new unit named here. (A
    commune split, which assigns every hamlet, is the service's and the
    commands'.)"""

    KINDS = [
        (kind, label)
        for kind, label in ReorganisationKind.choices
        if kind not in (ReorganisationKind.SPLIT, ReorganisationKind.DISSOLVE)
    ]
    SUBJECTS = [(Subject.HAMLET, Subject.HAMLET.label), (Subject.COMMUNE, Subject.COMMUNE.label)]

    kind = forms.ChoiceField(label=_("hình thức"), choices=KINDS)
    subject = forms.TypedChoiceField(label=_("đối tượng"), choices=SUBJECTS, coerce=int)
    predecessors = forms.ModelMultipleChoiceField(
        label=_("đơn vị được sắp xếp"), queryset=Place.objects.none()
    )
    successor = forms.ModelChoiceField(
        label=_("sáp nhập vào"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("Để trống khi thành lập đơn vị mới (nhập tên bên dưới)."),
    )
    new_name = forms.CharField(label=_("tên đơn vị mới"), max_length=120, required=False)
    new_kind = forms.ChoiceField(
        label=_("loại đơn vị mới"), choices=[("", "—"), *PlaceKind.choices], required=False
    )
    new_parent = forms.ModelChoiceField(
        label=_("trực thuộc (đơn vị mới)"), queryset=Place.objects.none(), required=False
    )
    new_code = forms.CharField(label=_("mã đơn vị mới (xã)"), max_length=10, required=False)
    effective_on = forms.DateField(label=_("ngày có hiệu lực"))
    decision_number = forms.CharField(label=_("số văn bản"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("ngày văn bản"), required=False)
    decided_by = forms.CharField(label=_("cơ quan quyết định"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        in_force = Place.objects.filter(valid_to__isnull=True).select_related("parent")
        units = in_force.editable_by(user).filter(level__in=[Level.COMMUNE, Level.HAMLET])
        self.fields["predecessors"].queryset = units
        self.fields["successor"].queryset = units
        parents = in_force.attachable_by(user).filter(level__in=[Level.COMMUNE, Level.PROVINCE])
        self.fields["new_parent"].queryset = parents
        for name in ("predecessors", "successor", "new_parent"):
            self.fields[name].label_from_instance = place_label

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        predecessors = list(data["predecessors"])
        if data["successor"] and data["successor"] not in predecessors:
            predecessors.append(data["successor"])  # merged into: one of them, kept
        try:
            self.plan = plan_reorganisation(
                user=self.user,
                kind=data["kind"],
                subject=data["subject"],
                effective_on=data["effective_on"],
                predecessors=predecessors,
                successors=[data["successor"] or self.new_unit(data)],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                decided_by=data["decided_by"],
            )
        except ReorganisationError as error:
            raise forms.ValidationError(error.messages) from error
        return data

    def new_unit(self, data):
        if not data["new_name"] and data["kind"] == ReorganisationKind.MERGE:
            raise forms.ValidationError(_("Chọn đơn vị sáp nhập vào, hoặc nhập tên đơn vị mới."))
        return NewPlace(
            name=data["new_name"],
            kind=data["new_kind"],
            parent=data["new_parent"],
            code=data["new_code"],
        )


@admin.register(Reorganisation)
class ReorganisationAdmin(ScopedAdmin):
    """Reorganisations are written by `cells.reorganisations`, never edited: the
    add page is a form → a preview with counts of everything that will move
    (and the holders to carry into the successor's posts) → confirm; an
    applied one can be undone from its page."""

    list_display = ["__str__", "place", "decision_number", "decided_by", "applied_at", "undone_at"]
    list_select_related = ["place"]
    list_filter = ["kind", "subject"]
    readonly_fields = [
        "kind",
        "subject",
        "effective_on",
        "decision_number",
        "decision_date",
        "decided_by",
        "place",
        "links",
        "applied_at",
        "applied_by",
        "undone_at",
    ]
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        undo = path(
            "<int:object_id>/undo/",
            self.admin_site.admin_view(self.undo_view),
            name="cells_reorganisation_undo",
        )
        return [undo, *super().get_urls()]

    @admin.display(description=_("kế thừa"))
    def links(self, reorganisation):
        rows = reorganisation.successions.select_related("predecessor", "successor")
        return format_html_join(
            mark_safe("<br>"),
            "{} → {}",
            ((admin_link(s.predecessor), admin_link(s.successor)) for s in rows),
        )

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = ReorganisationForm(data, user=request.user)
        if request.method != "POST" or not form.is_valid():
            return self.render_reorganisation(request, form=form)
        plan = form.plan
        if "confirm" not in request.POST:
            return self.render_reorganisation(request, form=form, plan=plan)
        return self.confirm(request, form, plan)

    def confirm(self, request, form, plan):
        chosen = set(request.POST.getlist("carry"))
        carry = [h for h in plan.ceasing_holdings if str(h.pk) in chosen]
        try:
            reorganisation = apply_reorganisation(plan=plan, carry_holdings=carry)
        except ReorganisationError as error:
            form.add_error(None, error.messages)
            return self.render_reorganisation(request, form=form)
        messages.success(request, _("Đã áp dụng: %(name)s.") % {"name": reorganisation})
        return redirect("admin:cells_reorganisation_change", reorganisation.pk)

    def render_reorganisation(self, request, *, form, plan=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Sắp xếp đơn vị"),
            "form": form,
            "plan": plan,
            "counts": plan and reorganisation_counts(plan),
            "changelist_url": reverse("admin:cells_reorganisation_changelist"),
        }
        return TemplateResponse(request, "admin/cells/reorganisation.html", context)

    def undo_view(self, request, object_id):
        reorganisation = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            undo_reorganisation(user=request.user, reorganisation=reorganisation)
        except ReorganisationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã hoàn tác: %(name)s.") % {"name": reorganisation})
        return redirect("admin:cells_reorganisation_change", reorganisation.pk)


def reorganisation_counts(plan):
    """The preview's lines: what will move, in words."""
    labels = {
        "closing": _("đơn vị hết hiệu lực"),
        "new_units": _("đơn vị mới"),
        "hamlets": _("thôn, tổ dân phố chuyển sang đơn vị kế thừa"),
        "cells": _("chi bộ sáp nhập hoặc chuyển"),
        "memberships": _("đảng viên chuyển sinh hoạt sang chi bộ kế thừa"),
        "holdings": _("người thôi giữ chức danh (sáp nhập)"),
        "meetings": _("buổi sinh hoạt giữ lại trong lịch sử"),
        "people": _("cá nhân chuyển nơi cư trú"),
        "accounts": _("tài khoản chuyển sang đơn vị kế thừa"),
    }
    return [(labels[key], n) for key, n in plan.counts.items() if key in labels and n]
