"""Loading the official provinces, districts and communes.

The lists come from the `vietnamadminunits` package (MIT): its SQLite table
`admin_units_legacy` holds the three-level list in force before 1 July 2025,
`admin_units` the two-level list in force since, and `converter_2025.json`
says which new commune each old one went into. Hamlets are not official and
are entered by users.

Loading is idempotent: a unit is found again by (level, code, valid_from), its
name and kind are brought up to date, nothing is duplicated. It writes in
bulk, a handful of statements per level whatever the number of units, so the
whole country loads in seconds.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import vietnamadminunits
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from vietnamadminunits.database import query

from .constants import CODE_WIDTH, Level, PlaceKind
from .models import Place, Succession

LEGACY, LIST_2025, BOTH = "legacy", "2025", "both"
REFORM_DAY = datetime.date(2025, 7, 1)
LAST_LEGACY_DAY = REFORM_DAY - datetime.timedelta(days=1)

# Type words used by the package, mapped to our kinds. Provinces carry no type
# column: a "Thành phố …" province is a centrally-run city.
DISTRICT_KINDS = {
    "Huyện": PlaceKind.RURAL_DISTRICT,
    "Quận": PlaceKind.URBAN_DISTRICT,
    "Thị xã": PlaceKind.DISTRICT_TOWN,
    "Thành phố": PlaceKind.PROVINCIAL_CITY,
}
COMMUNE_KINDS = {
    "Xã": PlaceKind.COMMUNE,
    "Phường": PlaceKind.WARD,
    "Thị trấn": PlaceKind.TOWNSHIP,
    "Đặc khu": PlaceKind.SPECIAL_ZONE,
}
BATCH_SIZE = 500


class OfficialUnitsError(ValueError):
    """The arguments or the package's data cannot be loaded."""


@dataclass
class LoadCounts:
    created: dict = field(default_factory=lambda: dict.fromkeys(Level, 0))
    updated: dict = field(default_factory=lambda: dict.fromkeys(Level, 0))
    closed: dict = field(default_factory=lambda: dict.fromkeys(Level, 0))

    def lines(self):
        for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
            yield (
                f"{level.label}: {self.created[level]} tạo mới, {self.updated[level]} cập nhật"
                + (f", {self.closed[level]} hết hiệu lực" if self.closed[level] else "")
            )


def province_kind(full_name):
    return PlaceKind.CENTRAL_CITY if full_name.startswith("Thành phố") else PlaceKind.PROVINCE


def official_code(value, level):
    return str(value).strip().zfill(CODE_WIDTH[level])


def _province_filter(provinces):
    """SQL condition on provinceCode; codes are checked to be digits first
    because they are pasted into the package's SQL."""
    if not provinces:
        return "1 = 1"
    codes = []
    for code in provinces:
        code = str(code).strip()
        if not code.isdigit() or len(code) > 2:
            raise OfficialUnitsError(f"Mã tỉnh “{code}” không hợp lệ: dùng mã 2 chữ số, ví dụ 38.")
        codes.append(f"'{code.zfill(2)}'")
    return f"provinceCode IN ({', '.join(codes)})"


def legacy_rows(provinces=None):
    rows = query(
        "SELECT province, provinceShort, provinceCode, provinceKey, "
        "district, districtShort, districtType, districtCode, districtKey, "
        "ward, wardShort, wardType, wardCode, wardKey "
        f"FROM admin_units_legacy WHERE {_province_filter(provinces)} "
        "ORDER BY provinceCode, districtCode, wardCode"
    )
    if provinces and not rows:
        raise OfficialUnitsError(f"Không có tỉnh nào mang mã {', '.join(provinces)}.")
    return rows


def rows_2025(provinces=None):
    rows = query(
        "SELECT province, provinceShort, provinceCode, provinceKey, "
        "ward, wardShort, wardType, wardCode, wardKey "
        f"FROM admin_units WHERE {_province_filter(provinces)} "
        "ORDER BY provinceCode, wardCode"
    )
    if provinces and not rows:
        raise OfficialUnitsError(f"Danh mục 2025 không có tỉnh nào mang mã {', '.join(provinces)}.")
    return rows


def converter_data():
    path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


class _LevelWriter:
    """Upserts the units of one level that share a `valid_from`, in bulk.

    Only the units holding `codes` are read: a load never looks at, let
    alone changes, units of the provinces it was not asked for. Units it
    creates get `valid_to` from `closed_on(code)` when given: old units
    written after their province's 2025 list are born closed.
    """

    UPDATED_FIELDS = ["name", "kind", "level", "search_name", "sort_key"]

    def __init__(self, level, valid_from, counts, codes, closed_on=None):
        self.level, self.valid_from, self.counts = level, valid_from, counts
        self.closed_on = closed_on or (lambda code: None)
        existing = Place.objects.filter(level=level, valid_from=valid_from, code__in=set(codes))
        self.by_code = {place.code: place for place in existing}
        self.to_create, self.to_update, self.moved = [], [], []

    def put(self, code, name, kind, parent):
        place = self.by_code.get(code)
        if place is None:
            place = Place(code=code, name=name, kind=kind, parent=parent)
            place.valid_from, place.valid_to = self.valid_from, self.closed_on(code)
            place.fill_derived_fields()
            self.by_code[code] = place
            self.to_create.append(place)
            return place
        if place._state.adding:
            return place  # seen twice in this run (one row per commune)
        if (place.name, place.kind) != (name, kind):
            place.name, place.kind = name, kind
            place.fill_derived_fields()
            self.to_update.append(place)
        if parent is not None and place.parent_id != parent.pk:
            place.parent = parent
            self.moved.append(place)
        return place

    def flush(self):
        Place.objects.bulk_create(self.to_create, batch_size=BATCH_SIZE)
        Place.objects.fill_missing_paths(self.level)
        Place.objects.bulk_update(self.to_update, self.UPDATED_FIELDS, batch_size=BATCH_SIZE)
        for place in self.moved:
            place.save()  # rare: save() re-roots the unit and everything under it
        self.counts.created[self.level] += len(self.to_create)
        self.counts.updated[self.level] += len({p.pk for p in self.to_update + self.moved})


def _reformed_province_codes(old_codes):
    """Those of the old provinces `old_codes` whose 2025 province already
    has its new communes in the database."""
    new_code_of = province_codes_2025()
    reformed = set(
        Place.objects.filter(
            level=Level.COMMUNE,
            valid_from=REFORM_DAY,
            parent__level=Level.PROVINCE,
            parent__code__in={new_code_of[code] for code in old_codes if code in new_code_of},
        ).values_list("parent__code", flat=True)
    )
    return {code for code in old_codes if new_code_of.get(code) in reformed}


def _load_legacy(rows, counts):
    """Provinces, districts and communes as they were before 1 July 2025.

    Units created for a province whose 2025 list is already loaded are
    created closed on 30 June 2025: the new communes reuse their codes.
    """
    reformed = _reformed_province_codes(
        {official_code(row["provinceCode"], Level.PROVINCE) for row in rows}
    )
    closed_codes = set()
    for row in rows:
        if official_code(row["provinceCode"], Level.PROVINCE) in reformed:
            closed_codes.add(official_code(row["provinceCode"], Level.PROVINCE))
            closed_codes.add(official_code(row["districtCode"], Level.DISTRICT))
            if row["ward"]:
                closed_codes.add(official_code(row["wardCode"], Level.COMMUNE))

    def closed_on(code):  # codes of the three levels differ in width
        return LAST_LEGACY_DAY if code in closed_codes else None

    province_codes = {official_code(row["provinceCode"], Level.PROVINCE) for row in rows}
    provinces = _LevelWriter(Level.PROVINCE, None, counts, province_codes, closed_on)
    for row in rows:
        code = official_code(row["provinceCode"], Level.PROVINCE)
        provinces.put(code, row["provinceShort"], province_kind(row["province"]), None)
    provinces.flush()

    district_codes = {official_code(row["districtCode"], Level.DISTRICT) for row in rows}
    districts = _LevelWriter(Level.DISTRICT, None, counts, district_codes, closed_on)
    for row in rows:
        province = provinces.by_code[official_code(row["provinceCode"], Level.PROVINCE)]
        code = official_code(row["districtCode"], Level.DISTRICT)
        kind = DISTRICT_KINDS[row["districtType"]]
        districts.put(code, row["districtShort"], kind, province)
    districts.flush()

    commune_rows = [row for row in rows if row["ward"]]  # island districts have none
    commune_codes = {official_code(row["wardCode"], Level.COMMUNE) for row in commune_rows}
    communes = _LevelWriter(Level.COMMUNE, None, counts, commune_codes, closed_on)
    for row in commune_rows:
        district = districts.by_code[official_code(row["districtCode"], Level.DISTRICT)]
        code = official_code(row["wardCode"], Level.COMMUNE)
        communes.put(code, row["wardShort"], COMMUNE_KINDS[row["wardType"]], district)
    communes.flush()


def _close(places, counts, level):
    """End `places` on 30 June 2025 (those not ended yet)."""
    closing = [place for place in places if place.valid_to is None]
    for place in closing:
        place.valid_to = LAST_LEGACY_DAY
    Place.objects.bulk_update(closing, ["valid_to"], batch_size=BATCH_SIZE)
    counts.closed[level] += len(closing)


def _link(places, successors):
    """Link old units to the unit that took them over (a link already
    recorded is left as it is)."""
    links = [
        Succession(predecessor=place, successor=successors[place.pk])
        for place in places
        if place.pk in successors and not place.is_linked
    ]
    # A re-run finds every link recorded (`_old_units`) and writes nothing.
    Succession.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _old_units(level, codes):
    """The units of the old list (valid_from empty) holding `codes`, each
    saying whether its successor is linked already."""
    linked = Exists(Succession.objects.filter(predecessor=OuterRef("pk")))
    units = Place.objects.filter(
        level=level, valid_from=None, code__in={official_code(code, level) for code in codes}
    ).annotate(is_linked=linked)
    return {place.code: place for place in units}


def _load_2025(rows, counts):
    """The two-level list in force since 1 July 2025.

    It creates no unit of the old list. The old units of the same provinces
    that are in the database end on 30 June 2025 and point to their
    successors: a province whose code survives keeps its row; merged
    provinces, every district and every old commune end. Old communes end
    even when unchanged in name: they moved from a district to the
    province, and their row keeps the old place in the tree for history.
    """
    new_codes = sorted({official_code(row["provinceCode"], Level.PROVINCE) for row in rows})
    old_rows = legacy_rows(merged_into(new_codes))
    old_provinces = _old_units(Level.PROVINCE, {row["provinceCode"] for row in old_rows})
    old_districts = _old_units(Level.DISTRICT, {row["districtCode"] for row in old_rows})
    old_communes = _old_units(Level.COMMUNE, {row["wardCode"] for row in old_rows if row["ward"]})

    # A province whose code survives keeps its row. One written here first
    # takes the old list's row (valid_from empty) when its code was in it,
    # so loading the old list later finds it again.
    in_force_first = (F("valid_to").desc(nulls_first=True),)
    existing = Place.objects.filter(level=Level.PROVINCE, code__in=new_codes).filter(
        Q(valid_from=None) | Q(valid_from=REFORM_DAY)
    )
    legacy_codes = {official_code(row["provinceCode"], Level.PROVINCE) for row in old_rows}
    new_provinces = {}
    for province in existing.order_by("code", *in_force_first):
        new_provinces.setdefault(province.code, province)
    for row in rows:
        code = official_code(row["provinceCode"], Level.PROVINCE)
        if code in new_provinces:
            continue
        province = Place(code=code, name=row["provinceShort"], kind=province_kind(row["province"]))
        province.valid_from = None if code in legacy_codes else REFORM_DAY
        province.fill_derived_fields()
        province.save()
        new_provinces[code] = province
        counts.created[Level.PROVINCE] += 1

    old_code_of_key = {
        row["provinceKey"]: official_code(row["provinceCode"], Level.PROVINCE) for row in old_rows
    }
    new_code_of_key = {
        row["provinceKey"]: official_code(row["provinceCode"], Level.PROVINCE) for row in rows
    }
    merged_provinces = {}
    for new_key, old_keys in converter_data()["DICT_PROVINCE"].items():
        new_province = new_provinces.get(new_code_of_key.get(new_key))
        for old_key in old_keys:
            old_province = old_provinces.get(old_code_of_key.get(old_key))
            if old_province and new_province and old_province.pk != new_province.pk:
                merged_provinces[old_province.pk] = new_province
    merged = [p for p in old_provinces.values() if p.pk in merged_provinces]
    _close(merged, counts, Level.PROVINCE)
    _link(merged, merged_provinces)
    _close(old_districts.values(), counts, Level.DISTRICT)

    # Old communes end before the new ones are written, in the same
    # transaction: codes are reused and only one unit in force may hold a
    # code. A commune in force holding a new code outside the old list
    # (entered by hand) ends too, or the new one could not be written.
    new_commune_codes = {official_code(row["wardCode"], Level.COMMUNE) for row in rows}
    holders = Place.objects.filter(
        level=Level.COMMUNE, valid_to=None, code__in=new_commune_codes
    ).exclude(valid_from=REFORM_DAY)
    closing = {p.pk: p for p in old_communes.values()} | {p.pk: p for p in holders}
    _close(closing.values(), counts, Level.COMMUNE)

    communes = _LevelWriter(Level.COMMUNE, REFORM_DAY, counts, new_commune_codes)
    for row in rows:
        province = new_provinces[official_code(row["provinceCode"], Level.PROVINCE)]
        code = official_code(row["wardCode"], Level.COMMUNE)
        communes.put(code, row["wardShort"], COMMUNE_KINDS[row["wardType"]], province)
    communes.flush()

    # A divided commune points to the commune that took its seat (listed first).
    successors = {
        old_communes[old_code].pk: communes.by_code[new_codes_of_old[0]]
        for old_code, new_codes_of_old in _commune_mapping(rows, old_rows).items()
        if old_code in old_communes
    }
    _link(old_communes.values(), successors)


def _commune_mapping(new_rows, old_rows):
    """{old commune code: [new commune codes]} from the converter, for the
    old communes in `old_rows` and the new ones in `new_rows`. A divided
    commune has several new codes, the one that took its seat first."""
    old_code_of_key = {
        f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}": official_code(
            row["wardCode"], Level.COMMUNE
        )
        for row in old_rows
        if row["ward"]
    }
    new_code_of_key = {
        (row["provinceKey"], row["wardKey"]): official_code(row["wardCode"], Level.COMMUNE)
        for row in new_rows
    }
    converter = converter_data()
    mapping = {}

    def add(old_key, province_key, ward_key, first=False):
        old_code = old_code_of_key.get(old_key)
        new_code = new_code_of_key.get((province_key, ward_key))
        if old_code is None or new_code is None:
            return
        codes = mapping.setdefault(old_code, [])
        if new_code in codes:
            codes.remove(new_code)
        codes.insert(0, new_code) if first else codes.append(new_code)

    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            for part in sorted(parts, key=lambda part: not part["isDefaultNewWard"]):
                add(old_key, province_key, part["newWardKey"])
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                add(old_key, province_key, ward_key)
    return mapping


def reform_2025_mapping(province_code):
    """{old commune code: [new commune codes]} for the 2025 province
    `province_code`: every commune of the old provinces that went into it,
    with the new communes that took it over. A divided commune (divided
    among several new communes) has several codes, the one that took its
    seat first; the others have one. Read from the package, not the
    database."""
    new_rows = rows_2025([province_code])
    return _commune_mapping(new_rows, legacy_rows(merged_into([province_code])))


@transaction.atomic
def load_official_units(*, provinces=None, which=LEGACY):
    """Load the official units of `provinces` (codes; all when empty) from
    the list `which`, in one transaction. Returns LoadCounts.

    - legacy: the provinces, districts and communes before 1 July 2025;
    - 2025: the provinces and communes since; the old units of the same
      provinces already in the database end on 30 June 2025 and point to
      their successors, but none is created;
    - both: legacy (with the old provinces merged into the chosen ones),
      then 2025, so every old unit ends linked to its successor.
    Units of other provinces are never read nor written."""
    if which not in (LEGACY, LIST_2025, BOTH):
        raise OfficialUnitsError(f"Danh mục “{which}” không có: dùng legacy, 2025 hoặc both.")
    counts = LoadCounts()
    new_rows = rows_2025(provinces) if which in (LIST_2025, BOTH) else None
    if which == LEGACY:
        _load_legacy(legacy_rows(provinces), counts)
    elif which == BOTH:
        _load_legacy(legacy_rows(merged_into(provinces)), counts)
    if new_rows is not None:
        _load_2025(new_rows, counts)
    return counts


def province_codes_2025():
    """{old province code: code of the 2025 province it went into}."""
    old_rows = query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy")
    code_of_old = {row["provinceKey"]: row["provinceCode"] for row in old_rows}
    new_rows = query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    code_of_new = {row["provinceKey"]: row["provinceCode"] for row in new_rows}
    return {
        code_of_old[old_key]: code_of_new[new_key]
        for new_key, old_keys in converter_data()["DICT_PROVINCE"].items()
        for old_key in old_keys
        if old_key in code_of_old and new_key in code_of_new
    }


def merged_into(provinces):
    """Codes of the old provinces that went into the 2025 `provinces` (all
    when empty): Hải Phòng 31 took in Hải Dương 30, and so on."""
    if not provinces:
        return provinces
    wanted = {str(code).strip().zfill(2) for code in provinces}
    merged = {old for old, new in province_codes_2025().items() if new in wanted}
    return sorted(merged | wanted)
