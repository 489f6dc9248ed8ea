"""The area summary: figures of a place and everything under it at a date,
composed of one section per app. The `area_summary` command, dashboards,
periodic reports and the API all call `area_summary()`.

A section is a function `(place, date, period) -> dict`; `period` is a
`core.periods.Period` or None. Later sections may add keys, never rename
the ones before them.
"""

from django.utils import timezone

from awards.summary import award_figures
from cells.summary import cell_summary
from meetings.summary import meeting_figures

SECTIONS = [
    cell_summary,
    award_figures,
    meeting_figures,
    # sections of other apps are appended here
]


def area_summary(place, *, date=None, period=None):
    """Every section's figures for `place` on `date` (default today); with a
    period, on the period's last day, and the period's code under `period`."""
    if period is not None:
        date = period.end
    date = date or timezone.localdate()
    summary = {}
    if period is not None:
        summary["period"] = period.code
    for section in SECTIONS:
        summary.update(section(place, date, period))
    return summary


def summary_date(*, date=None, period=None):
    """The day figures are taken on: the period's last day, or `date`, or today."""
    if period is not None:
        return period.end
    return date or timezone.localdate()


def area_summary_by_commune(place, *, date=None, period=None, computed=None):
    """The area summary of every commune under `place`, in a bounded number of
    queries: {commune id: figures}, in the communes' order.

    A section takes part when it offers a grouped variant as its `by_commune`
    attribute, `(place, date, period) -> {commune id: dict}`, computed by the
    same rules as the section itself; sections without one are left out of
    the per-commune rows (the area's own figures still come from
    `area_summary`). `computed` maps sections to rows already computed
    (`area_summary_with_communes`)."""
    date = summary_date(date=date, period=period)
    computed = computed or {}
    rows = {}
    for section in SECTIONS:
        grouped = getattr(section, "by_commune", None)
        if grouped is None:
            continue
        section_rows = computed[section] if section in computed else grouped(place, date, period)
        for commune_id, figures in section_rows.items():
            if commune_id in rows or section is SECTIONS[0]:
                rows.setdefault(commune_id, {}).update(figures)
        # A grouped section may leave out communes with nothing to count; when
        # it leaves out all of them its `zero()` gives the figures' shape.
        example = next(iter(section_rows.values()), None)
        zero = _zero_like(example or getattr(grouped, "zero", dict)())
        for figures in rows.values():
            for key, value in zero.items():
                figures.setdefault(key, value)
    if period is not None:
        for figures in rows.values():
            figures["period"] = period.code
    return rows


def area_summary_with_communes(place, *, date=None, period=None):
    """(`area_summary`, `area_summary_by_commune`) of `place`, for the reports
    of districts and provinces, which show both. A section offering
    `with_communes`, `(place, date, period) -> (figures, {commune id: figures})`,
    gives both from one set of queries, by the rules of the section itself;
    the others are called once for each."""
    date = summary_date(date=date, period=period)
    summary = {"period": period.code} if period is not None else {}
    computed = {}
    for section in SECTIONS:
        both = getattr(section, "with_communes", None)
        if both is None:
            summary.update(section(place, date, period))
        else:
            figures, computed[section] = both(place, date, period)
            summary.update(figures)
    return summary, area_summary_by_commune(place, date=date, period=period, computed=computed)


# Ratios that are not named *_share: recomputed from their parts, never added.
RATIOS = ("meeting_compliance",)


def _zero_like(figures):
    """Zeros in the shape of a section's figures (counts 0, objects of zeros)."""
    zero = {}
    for key, value in figures.items():
        if isinstance(value, bool) or key.endswith("_share"):
            continue
        if isinstance(value, int):
            zero[key] = 0
        elif isinstance(value, dict):
            zero[key] = dict.fromkeys(value, 0)
    return zero


def total_of(rows):
    """Totals of per-commune figures: numbers and objects of numbers added up,
    shares recomputed from their parts."""
    total = {}
    for figures in rows:
        for key, value in figures.items():
            if isinstance(value, bool) or key.endswith("_share") or key in RATIOS:
                continue
            if isinstance(value, int | float):
                total[key] = total.get(key, 0) + value
            elif isinstance(value, dict):
                into = total.setdefault(key, {})
                for code, number in value.items():
                    if isinstance(number, int | float):
                        into[code] = into.get(code, 0) + number
    expected = total.get("meetings_expected")
    if expected is not None:
        held = total.get("meetings_held", 0)
        total["meeting_compliance"] = round(held / expected, 4) if expected else None
    followed = total.get("meetings_with_cadre_assigned")
    if followed is not None:
        present = total.get("meetings_with_cadre_present", 0)
        total["cadre_attendance_share"] = round(present / followed, 4) if followed else None
    with_cell = total.get("hamlets_with_cell")
    if with_cell is not None:
        total["secretary_is_chief_share"] = (
            round(total.get("secretary_is_chief", 0) / with_cell, 4) if with_cell else None
        )
    return total


# Keys a grouped section adds so totals can be recomputed; not summary figures.
GROUPING_PARTS = ("hamlets_with_cell", "secretary_is_chief")


def commune_summary(commune, *, date=None, period=None):
    """`area_summary` of one commune, taking each section's grouped variant
    where it has one: the same figures by the same rules (tests hold them
    equal) in fewer queries, for pages with a query budget."""
    date = summary_date(date=date, period=period)
    summary = {"period": period.code} if period is not None else {}
    for section in SECTIONS:
        # Only the cells section gains from its grouped variant (three queries
        # instead of six); the others are cheapest as they are.
        grouped = getattr(section, "by_commune", None) if section is SECTIONS[0] else None
        rows = grouped(commune, date, period) if grouped is not None else {}
        if commune.pk in rows:
            figures = {k: v for k, v in rows[commune.pk].items() if k not in GROUPING_PARTS}
        else:
            figures = section(commune, date, period)
        summary.update(figures)
    return summary
