"""The figures of an area: a place and everything under it at a date,
composed of one section per app (core.sections describes a section). The
dashboards, periodic reports, the `area_summary` and `build_report` commands
and the API all call `area_figures()`; the labels they show come from the
sections too.

Later sections may add keys, never rename the ones before them.
"""

from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.summary import AwardSection
from cells.summary import CellSection
from fees.summary import FeeSection
from meetings.summary import MeetingSection
from ratings.summary import RatingSection
from transfers.summary import TransferSection

# The cells section lists every commune in force under an area, with its
# code and name: its rows are the communes the other sections fill in.
CELLS = CellSection()
SECTIONS = [
    CELLS,
    MeetingSection(),
    AwardSection(),
    RatingSection(),
    FeeSection(),
    TransferSection(),
    # sections of other apps are appended here
]


class AreaFigures(NamedTuple):
    area: dict  # the figures of the place, counted over everything under it
    communes: dict  # {commune id: figures} in the communes' order, when asked for


def area_figures(place, *, date=None, period=None, communes=False):
    """Every section's figures for `place` on `date` (default today); with a
    period, on the period's last day, and the period's code under `period`.
    With `communes`, also the figures of each commune under `place`, each
    equal to the commune's own `area_figures`."""
    date = summary_date(date=date, period=period)
    area = _heading(place, date, period)
    rows = {}
    for section in SECTIONS:
        if not communes:
            area.update(section.area(place, date, period))
            continue
        figures, section_rows = section.with_communes(place, date, period)
        area.update(figures)
        rows[section] = section_rows
    return AreaFigures(area, _commune_rows(rows, date, period) if communes else {})


def summary_date(*, date=None, period=None):
    """The day figures are taken on: the period's last day, or `date`, or today."""
    if period is not None:
        return period.end
    return date or timezone.localdate()


def _heading(place, date, period):
    heading = {"place_code": place.code, "place_name": str(place), "date": date.isoformat()}
    if period is not None:
        heading["period"] = period.code
    return heading


def _commune_rows(rows, date, period):
    """{commune id: figures}: the communes the cells section lists, each with
    every section's figures (its zero where a section left the commune out)."""
    result = {}
    for commune_id, cells in rows[CELLS].items():
        figures = {"place_code": cells["place_code"], "place_name": cells["place_name"]}
        figures["date"] = date.isoformat()
        if period is not None:
            figures["period"] = period.code
        for section, section_rows in rows.items():
            own = section_rows.get(commune_id)
            figures.update(own if own is not None else section.zero(date, period))
        result[commune_id] = figures
    return result


# Labels of the keys every area has; the sections name their own figures.
HEADING_LABELS = {
    "place_code": _("Mã đơn vị"),
    "place_name": _("Đơn vị"),
    "period": _("Kỳ báo cáo"),
    "date": _("Tính đến ngày"),
}
OTHER_THEME = _("Số liệu khác")


def label_of(key):
    """The Vietnamese name of a figure, or its key when no section names it."""
    for labels in [HEADING_LABELS, *(section.labels for section in SECTIONS)]:
        if key in labels:
            return labels[key]
    return key


def themed(figures):
    """[(theme, [(key, label, value)])] of the figures present: the sections'
    themes in order, then every other number under OTHER_THEME (keys that are
    not shown as figures, such as codes, dates and objects, left out)."""
    groups, shown = [], set(HEADING_LABELS)
    for section in SECTIONS:
        shown.update(section.labels)
        for theme, keys in section.themes:
            rows = [(key, section.labels[key], figures[key]) for key in keys if key in figures]
            if rows and section.shows(keys, figures):
                groups.append((theme, rows))
    others = [
        (key, key, value)
        for key, value in figures.items()
        if key not in shown and not isinstance(value, dict | list)
    ]
    if others:
        groups.append((OTHER_THEME, others))
    return groups


def commune_columns():
    """[(key, short label)] of a table of communes, every section's in order."""
    return [column for section in SECTIONS for column in section.columns]


def is_share(key):
    return key.endswith("_share") or key == "meeting_compliance"


def format_value(key, value):
    if value is None:
        return "—"
    if is_share(key):
        return f"{value * 100:.1f}%".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)
