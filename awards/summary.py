"""Award figures of an area: the awards section of the area summary."""

from django.db.models import Count, Q

from .constants import FormCode
from .models import Award


def award_figures(place, date, period):
    """Awards granted under `place` by decisions dated in `period` (or in the
    year of `date` when there is none): individual and collective counts, and
    counts keyed by form code (every official form, zeros included). One query."""
    if period is not None:
        start, end = period.start, period.end
    else:
        start, end = date.replace(month=1, day=1), date.replace(month=12, day=31)
    by_form = {code: Count("pk", filter=Q(decision__form__code=code)) for code in FormCode.values}
    counts = (
        Award.objects.within(place)
        .dated_between(start, end)
        .aggregate(
            awards_individual=Count("pk", filter=Q(is_collective=False)),
            awards_collective=Count("pk", filter=Q(is_collective=True)),
            **by_form,
        )
    )
    return {
        "awards_individual": counts["awards_individual"],
        "awards_collective": counts["awards_collective"],
        "awards_by_form": {code: counts[code] for code in FormCode.values},
    }
