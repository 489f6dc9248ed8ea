"""What the admin modules share: labels of places and people, links, counts."""

from django.db.models import F, Func, IntegerField, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..constants import Level
from ..models import Holding
from ..querysets import active_on

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
