"""The area summary: figures of a place and everything under it at a date,
composed of one section per app. The `area_summary` command, dashboards,
periodic reports and the API all call `area_summary()`.

A section is a function `(place, date, period) -> dict`; `period` is a
`cells.periods.Period` or None. Later sections may add keys, never rename
the ones before them.
"""

from django.db.models import Q
from django.utils import timezone

from cells.constants import PlaceKind
from cells.models import Place
from cells.summary import cell_summary
from cells.vietnamese import fold

SECTIONS = [
    cell_summary,
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


class PlaceLookupError(ValueError):
    """PLACE names no unit, or several."""


def _kind_prefixes():
    # Longest first, so "thanh pho truc thuoc tw" wins over "thanh pho".
    prefixes = [(fold(label), kind) for kind, label in PlaceKind.choices]
    return sorted(prefixes, key=lambda pair: -len(pair[0]))


def _name_query(text):
    folded = fold(text)
    query = Q(search_name=folded)
    for prefix, kind in _kind_prefixes():
        if folded.startswith(prefix + " "):
            query |= Q(kind=kind, search_name=folded[len(prefix) + 1 :])
    return query


def resolve_place(text, *, date=None):
    """The place an official code ("387") or an unambiguous name ("quan son",
    "Huyện Quan Sơn") names. Units in force on `date` (or today, when none are
    in force the old ones) win over units merged away.
    Raises PlaceLookupError with the candidates and their codes."""
    text = (text or "").strip()
    if not text:
        raise PlaceLookupError("Chưa nhập đơn vị.")
    if text.isdigit():
        place = Place.objects.by_code(text, on=date) or Place.objects.by_code(text)
        if place is None:
            raise PlaceLookupError(f"Không có đơn vị nào mang mã “{text}”.")
        return place
    candidates = Place.objects.filter(_name_query(text)).select_related("parent")
    in_force = candidates.valid_on(date or timezone.localdate())
    matches = list(in_force[:11]) or list(candidates[:11])
    if not matches:
        raise PlaceLookupError(f"Không tìm thấy đơn vị “{text}”.")
    if len(matches) > 1:
        listed = "; ".join(_describe(place) for place in matches[:10])
        raise PlaceLookupError(
            f"“{text}” chỉ nhiều đơn vị, hãy dùng mã: {listed}"
            + (" …" if len(matches) > 10 else "")
        )
    return matches[0]


def _describe(place):
    where = f", {place.parent}" if place.parent else ""
    code = place.code or f"id {place.pk}"
    return f"{place} ({code}{where})"
