"""A member's ratings across the years, on the member's admin page.

The inline is added to the cells app's PartyMemberAdmin from here: ratings
depends on cells, never the reverse, so the member's page learns of ratings
only through this module."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cells.admin.people import PartyMemberAdmin

from .history import member_ratings
from .models import Rating


class RatingHistoryInline(admin.TabularInline):
    """Read-only: ratings are written by their cell's review (ratings.services).

    The rows follow the member across cells, cut by the read rule of ratings
    (`in_scope`), as the memberships inline beside it is: the commune a
    member moved to reads the years its own cells rated; the district or
    province above both reads every year."""

    model = Rating
    fk_name = "member"
    verbose_name = _("xếp loại chất lượng")
    verbose_name_plural = _("xếp loại chất lượng qua các năm")
    fields = readonly_fields = ["year", "round", "cell", "score", "level", "status"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The row's title is the rating's str(): its member's name.
        rows = member_ratings(super().get_queryset(request).in_scope(request.user))
        return rows.select_related("member__person")

    @admin.display(description=_("năm"))
    def year(self, rating):
        return rating.round.end_date.year

    @admin.display(description=_("trạng thái"))
    def status(self, rating):
        return rating.review.get_status_display()


if RatingHistoryInline not in PartyMemberAdmin.inlines:
    PartyMemberAdmin.inlines = [*PartyMemberAdmin.inlines, RatingHistoryInline]
