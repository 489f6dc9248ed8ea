"""Reference data (terms, post types), posts and who holds them."""

import datetime

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_exports import ListExportMixin
from core.admin_scope import CommuneFilter, HamletFilter, ScopedAdmin

from ..constants import Level, PostScope
from ..models import Holding, Post, PostType, Term
from ..querysets import active_on
from ..resources import HoldingResource
from .common import count_of, current_holdings, holders_html, place_label, place_with_commune
from .people import HoldingInline

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
