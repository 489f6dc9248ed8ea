"""What an award records about its recipient on the decision date.

A person's post is read from their holdings in force that day (several when
they hold posts concurrently: "Bí thư chi bộ kiêm trưởng bản"), their unit
from where those posts sit, else from where they live.
"""

from collections import defaultdict

from cells.constants import Level, PlaceKind, PostTypeCode
from cells.models import Holding

# The hamlet chief's title follows the kind of hamlet.
_CHIEF_TITLES = {
    PlaceKind.VILLAGE: "Trưởng thôn",
    PlaceKind.MOUNTAIN_VILLAGE: "Trưởng bản",
    PlaceKind.HIGHLAND_VILLAGE: "Trưởng làng",
    PlaceKind.SOUTHERN_HAMLET: "Trưởng ấp",
    PlaceKind.HAMLET: "Trưởng xóm",
    PlaceKind.URBAN_QUARTER: "Trưởng khu phố",
    PlaceKind.SUBDIVISION: "Trưởng tiểu khu",
    PlaceKind.RESIDENTIAL_GROUP: "Tổ trưởng tổ dân phố",
}


def holdings_on(person_ids, date):
    """{person id: [holdings in force on `date`, by post order]} in one query."""
    rows = (
        Holding.objects.on(date)
        .filter(person_id__in=person_ids)
        .select_related("post__post_type", "post__place__parent")
        .order_by("person_id", "post__post_type__order", "start_date")
    )
    by_person = defaultdict(list)
    for holding in rows:
        by_person[holding.person_id].append(holding)
    return by_person


def post_title(holding):
    post_type, place = holding.post.post_type, holding.post.place
    if post_type.code == PostTypeCode.HAMLET_CHIEF:
        return _CHIEF_TITLES.get(place.kind, post_type.name)
    return post_type.name


def joined_titles(holdings):
    titles = list(dict.fromkeys(post_title(holding) for holding in holdings))
    if not titles:
        return ""
    rest = [title[0].lower() + title[1:] for title in titles[1:]]
    return " kiêm ".join([titles[0], *rest])


def place_fields(place):
    """Unit label, commune and hamlet names and sort keys of `place`."""
    hamlet = place if place.level == Level.HAMLET else None
    commune = place.parent if hamlet else (place if place.level == Level.COMMUNE else None)
    unit = f"{hamlet}, {_lower_kind(commune)}" if hamlet else str(place)
    return {
        "recipient_place": place,
        "unit_name": unit,
        "commune_name": str(commune) if commune else "",
        "commune_sort_key": commune.sort_key if commune else "",
        "hamlet_name": str(hamlet) if hamlet else "",
        "hamlet_sort_key": hamlet.sort_key if hamlet else "",
    }


def _lower_kind(place):
    return f"{place.get_kind_display().lower()} {place.name}"


def snapshot_for_person(person, date, holdings=None):
    if holdings is None:
        holdings = holdings_on([person.pk], date).get(person.pk, [])
    place = holdings[0].post.place if holdings else person.place
    return {
        "recipient_name": person.full_name,
        "post_title": joined_titles(holdings),
        **place_fields(place),
    }


def snapshot_for_collective(cell, place):
    if cell is not None:
        name = cell.name
        place = cell.hamlet or cell.committee.place
    else:
        name = str(place)
    fields = place_fields(place)
    if place.level == Level.COMMUNE and cell is None:
        fields["unit_name"] = str(place.parent) if place.parent else ""
    elif place.level == Level.HAMLET and cell is None:
        fields["unit_name"] = str(place.parent)
    return {"recipient_name": name, "post_title": "", **fields}
