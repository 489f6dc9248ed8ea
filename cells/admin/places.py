"""Places (provinces to hamlets), party committees and cells."""

from django import forms
from django.contrib import admin
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_exports import ListExportMixin
from core.admin_scope import (
    CellInForceFilter,
    CommuneFilter,
    InForceFilter,
    ScopedAdmin,
    ScopedInline,
)
from core.imports.admin import ImportAdminMixin

from ..constants import Level, PostScope
from ..imports.hamlets import HamletImport
from ..models import Cell, CellMembership, PartyCommittee, Place, Post, PostType
from ..querysets import active_on
from ..resources import CellResource, PlaceResource
from .common import NO_VALUE, admin_link, count_of, current_holdings, holders_html, place_label

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
    list_filter = [InForceFilter, "level", "kind", CommuneFilter, SecretaryIsChiefFilter]
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
    list_filter = [CellInForceFilter, CommuneFilter]
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
    list_display = ["name", "committee", "hamlet", "member_count", "founded_on", "dissolved_on"]
    list_select_related = ["committee", "hamlet"]
    list_filter = [CellInForceFilter, "kind", CommuneFilter]
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
