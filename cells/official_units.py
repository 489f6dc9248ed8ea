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
    """Upserts the units of one level that share a `valid_from`, in bulk."""

    UPDATED_FIELDS = ["name", "kind", "level", "search_name", "sort_key"]

    def __init__(self, level, valid_from, counts):
        self.level, self.valid_from, self.counts = level, valid_from, counts
        existing = Place.objects.filter(level=level, valid_from=valid_from).exclude(code="")
        self.by_code = {place.code: place for place in existing}
        self.to_create, self.to_update, self.moved = [], [], []

    def put(self, code, name, kind, parent):
        place = self.by_code.get(code)
        if place is None:
            place = Place(code=code, name=name, kind=kind, parent=parent)
            place.valid_from = self.valid_from
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


def _load_legacy(rows, counts):
    """Provinces, districts and communes as they were before 1 July 2025."""
    provinces = _LevelWriter(Level.PROVINCE, None, counts)
    for row in rows:
        code = official_code(row["provinceCode"], Level.PROVINCE)
        provinces.put(code, row["provinceShort"], province_kind(row["province"]), None)
    provinces.flush()

    districts = _LevelWriter(Level.DISTRICT, None, counts)
    for row in rows:
        province = provinces.by_code[official_code(row["provinceCode"], Level.PROVINCE)]
        code = official_code(row["districtCode"], Level.DISTRICT)
        kind = DISTRICT_KINDS[row["districtType"]]
        districts.put(code, row["districtShort"], kind, province)
    districts.flush()

    communes = _LevelWriter(Level.COMMUNE, None, counts)
    for row in rows:
        if not row["ward"]:
            continue  # island districts with no commune in the list
        district = districts.by_code[official_code(row["districtCode"], Level.DISTRICT)]
        code = official_code(row["wardCode"], Level.COMMUNE)
        communes.put(code, row["wardShort"], COMMUNE_KINDS[row["wardType"]], district)
    communes.flush()
    return provinces, districts, communes


def _close(places, counts, level):
    """End the units of the old list on 30 June 2025 (those not ended yet)."""
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
        if place.pk in successors
    ]
    Succession.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _load_2025(rows, old, counts):
    """The two-level list in force since 1 July 2025, on top of the old one.

    A province whose code survives keeps its row; merged provinces, every
    district and every old commune end on 30 June 2025. Old communes end even
    when unchanged in name: they moved from a district to the province, and
    their row keeps the old place in the tree for history.
    """
    old_provinces, old_districts, old_communes = old
    converter = converter_data()
    old_by_key = {}  # converter keys -> old units
    for row in legacy_rows(sorted({p.code for p in old_provinces.by_code.values()})):
        province = old_provinces.by_code[official_code(row["provinceCode"], Level.PROVINCE)]
        old_by_key.setdefault(("province", row["provinceKey"]), province)
        if row["ward"]:
            key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
            old_by_key[key] = old_communes.by_code[official_code(row["wardCode"], Level.COMMUNE)]

    new_provinces = {}
    for row in rows:
        code = official_code(row["provinceCode"], Level.PROVINCE)
        province = old_provinces.by_code.get(code)
        if province is None:  # not in the old list: a unit of its own from 2025
            province = Place(code=code, name=row["provinceShort"], valid_from=REFORM_DAY)
            province.kind = province_kind(row["province"])
            province.fill_derived_fields()
            province.save()
            counts.created[Level.PROVINCE] += 1
        new_provinces[row["provinceKey"]] = province

    merged_provinces = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old_province = old_by_key.get(("province", old_key))
            new_province = new_provinces.get(new_key)
            if old_province and new_province and old_province.pk != new_province.pk:
                merged_provinces[old_province.pk] = new_province
    merged = [p for p in old_provinces.by_code.values() if p.pk in merged_provinces]
    _close(merged, counts, Level.PROVINCE)
    _link(merged, merged_provinces)
    _close(old_districts.by_code.values(), counts, Level.DISTRICT)
    # Old communes end before the new ones are written: codes are reused and
    # only one unit in force may hold a code.
    _close(old_communes.by_code.values(), counts, Level.COMMUNE)

    communes = _LevelWriter(Level.COMMUNE, REFORM_DAY, counts)
    new_by_key = {}
    for row in rows:
        province = new_provinces[row["provinceKey"]]
        code = official_code(row["wardCode"], Level.COMMUNE)
        kind = COMMUNE_KINDS[row["wardType"]]
        place = communes.put(code, row["wardShort"], kind, province)
        new_by_key[(row["provinceKey"], row["wardKey"])] = place
    communes.flush()

    successors = {}
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            new = new_by_key.get((new_province_key, new_ward_key))
            for old_key in old_keys:
                if new and old_key in old_by_key:
                    successors[old_by_key[old_key].pk] = new
    for new_province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            # A divided commune points to the commune that took its seat.
            default = next((p for p in parts if p["isDefaultNewWard"]), parts[0])
            new = new_by_key.get((new_province_key, default["newWardKey"]))
            if new and old_key in old_by_key:
                successors[old_by_key[old_key].pk] = new
    _link(old_communes.by_code.values(), successors)


@transaction.atomic
def load_official_units(*, provinces=None, which=LEGACY):
    """Load the official units of `provinces` (codes; all when empty) from
    the list `which` (legacy, 2025 or both). Returns LoadCounts."""
    if which not in (LEGACY, LIST_2025, BOTH):
        raise OfficialUnitsError(f"Danh mục “{which}” không có: dùng legacy, 2025 hoặc both.")
    counts = LoadCounts()
    # The 2025 list is written on top of the old one (successor links), so
    # "2025" alone still loads the old units it replaces.
    if which == LEGACY:
        _load_legacy(legacy_rows(provinces), counts)
        return counts
    new_rows = rows_2025(provinces)
    old = _load_legacy(legacy_rows(merged_into(provinces)), counts)
    _load_2025(new_rows, old, counts)
    return counts


def merged_into(provinces):
    """Codes of the old provinces that went into the 2025 `provinces` (all
    when empty): Hải Phòng 31 took in Hải Dương 30, and so on."""
    if not provinces:
        return provinces
    old_rows = query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy")
    code_of = {row["provinceKey"]: row["provinceCode"] for row in old_rows}
    new_rows = query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    key_of = {row["provinceCode"]: row["provinceKey"] for row in new_rows}
    merged = converter_data()["DICT_PROVINCE"]
    codes = set()
    for code in provinces:
        code = str(code).strip().zfill(2)
        old_keys = merged.get(key_of.get(code), [])
        codes.update(code_of[key] for key in old_keys if key in code_of)
        codes.add(code)
    return sorted(codes)
