"""Award figures of an area: the awards section of the area summary."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cells.summary import commune_of
from core.sections import Section

from .constants import FormCode
from .models import Award


def _period_bounds(date, period):
    if period is not None:
        return period.start, period.end
    return date.replace(month=1, day=1), date.replace(month=12, day=31)


def _counts():
    """Aggregates: individual, collective, and one count per form code."""
    by_form = {code: Count("pk", filter=Q(decision__form__code=code)) for code in FormCode.values}
    return {
        "awards_individual": Count("pk", filter=Q(is_collective=False)),
        "awards_collective": Count("pk", filter=Q(is_collective=True)),
        **by_form,
    }


def _figures(counts):
    return {
        "awards_individual": counts["awards_individual"],
        "awards_collective": counts["awards_collective"],
        "awards_by_form": {code: counts[code] for code in FormCode.values},
    }


class AwardSection(Section):
    """Awards granted under `place` by decisions dated in `period` (or in the
    year of `date` when there is none): individual and collective counts, and
    counts keyed by form code (every official form, zeros included). The
    area's figures and its communes' take one query each; awards to district
    cadres belong to no commune and count in the area's figures alone."""

    labels = {
        "awards_individual": _("Khen thưởng cá nhân"),
        "awards_collective": _("Khen thưởng tập thể"),
        "awards_by_form": _("Khen thưởng theo hình thức"),
    }
    themes = [(_("Khen thưởng"), ["awards_individual", "awards_collective"])]
    columns = [
        ("awards_individual", _("Khen thưởng cá nhân")),
        ("awards_collective", _("Khen thưởng tập thể")),
    ]

    def area(self, place, date, period):
        start, end = _period_bounds(date, period)
        awards = Award.objects.within(place).dated_between(start, end)
        return _figures(awards.aggregate(**_counts()))

    def by_commune(self, place, date, period):
        """Communes without awards are left out."""
        start, end = _period_bounds(date, period)
        rows = (
            Award.objects.within(place)
            .dated_between(start, end)
            .order_by()
            .values(commune=commune_of("recipient_place"))
            .annotate(**_counts())
        )
        return {row["commune"]: _figures(row) for row in rows if row["commune"] is not None}

    def zero(self, date, period):
        return _figures(dict.fromkeys(_counts(), 0))
