"""Finding a place from what an official types: an official code ("387"),
whose width says its level, or an unambiguous name ("quan son", "Huyện Quan
Sơn"). Every command and the API summary resolve places here."""

from django.db.models import Q
from django.utils import timezone

from core.vietnamese import fold

from .constants import PlaceKind, level_of_code
from .models import Place


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
    "Huyện Quan Sơn") names; a code's width says its level, so "395" is a
    district and never a unit of another level. Units in force on `date` (or
    today, when none are in force the old ones) win over units merged away.
    Raises PlaceLookupError with the candidates and their codes."""
    text = (text or "").strip()
    if not text:
        raise PlaceLookupError("Chưa nhập đơn vị.")
    if text.isdigit():
        if level_of_code(text) is None:
            raise PlaceLookupError(
                f"“{text}” không phải mã đơn vị: mã tỉnh có 2 chữ số, mã huyện 3, mã xã 5."
            )
        place = Place.objects.official_unit(text, on=date) or Place.objects.official_unit(text)
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
