"""Lookups shared by the imports, each prefetched in a fixed number of queries
whatever the number of rows, so a 10,000-row file costs what a 10-row one does."""

import functools

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from cells.constants import PlaceKind
from cells.models import Cell, Person, Place
from core.vietnamese import fold

COMMUNE_CODE_DIGITS = 5  # official commune codes, leading zeros included

# A CCCD begins with the code of the province where the birth was registered:
# "0" and one of the 63 province codes in force before the 2025 merger (cards
# issued since keep them).
CITIZEN_ID_PROVINCES = frozenset(
    f"0{code:02d}"
    for code in (
        *(1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33),
        *(34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64),
        *(66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96),
    )
)


def unusable_citizen_id():
    """What a row is told when its CCCD cannot be taken: a malformed number
    and a number recorded for someone outside the importer's scope get the
    very same words, so the import never says that, or where, a person with
    that number is on file. (Citizen IDs are unique, so the second cannot be
    imported either; a refused well-formed number still shows that it is in
    use somewhere, which no answer can hide while the row is refused, but
    not whose it is or in which unit.)"""
    return _("Số CCCD không hợp lệ hoặc không dùng được cho đơn vị này.")


def commune_code(row, key):
    """The commune code of a cell; a code typed as a number gets its zeros back."""
    code = row.text(key, required=True)
    if code.isdigit() and len(code) < COMMUNE_CODE_DIGITS:
        code = code.zfill(COMMUNE_CODE_DIGITS)
    return code


def hamlet_keys(hamlet):
    """Ways a user may name a hamlet: "Na Hồ" or "Bản Na Hồ"."""
    name = fold(hamlet.name)
    return {name, f"{fold(PlaceKind(hamlet.kind).label)} {name}"}


class PlaceLookup:
    """Communes by official code and hamlets by (commune code, folded name),
    only among units in force that the user may write records under
    (`attachable_by`); a commune outside that is told apart from one that
    does not exist."""

    def __init__(self, user, codes):
        codes = set(codes)
        self.communes = {
            place.code: place
            for place in Place.objects.attachable_by(user)
            .communes()
            .filter(code__in=codes, valid_to__isnull=True)
        }
        missing = codes - set(self.communes)
        self.out_of_scope = set()
        if missing:
            self.out_of_scope = set(
                Place.objects.communes()
                .filter(code__in=missing, valid_to__isnull=True)
                .values_list("code", flat=True)
            )
        # Files repeat the same few hamlet names thousands of times.
        self._fold = functools.cache(fold)
        self.hamlets = {}
        hamlets = Place.objects.hamlets().filter(
            parent__in=list(self.communes.values()), valid_to__isnull=True
        )
        code_of = {commune.pk: code for code, commune in self.communes.items()}
        for hamlet in hamlets:
            for key in hamlet_keys(hamlet):
                self.hamlets[(code_of[hamlet.parent_id], key)] = hamlet

    def commune(self, row, key, code):
        """The commune `code` names, or None with an error recorded on `row`."""
        commune = self.communes.get(code)
        if commune is None and code:
            if code in self.out_of_scope:
                row.error(key, _("Xã mã %(code)s ngoài phạm vi quản lý của bạn.") % {"code": code})
            else:
                row.error(
                    key, _("Không có xã nào đang hiệu lực mang mã %(code)s.") % {"code": code}
                )
        return commune

    def hamlet(self, row, key, commune, name):
        """The hamlet of `commune` called `name`, or None with an error."""
        if commune is None or not name:
            return None
        hamlet = self.hamlets.get((commune.code, self._fold(name)))
        if hamlet is None:
            row.error(
                key,
                _("%(commune)s không có thôn “%(name)s”.") % {"commune": commune, "name": name},
            )
        return hamlet


class CellLookup:
    """Cells of the given hamlets (one query), by hamlet and by folded name
    within a commune."""

    def __init__(self, communes):
        self.by_hamlet = {}
        self.by_name = {}
        cells = Cell.objects.filter(committee__place__in=list(communes)).select_related(
            "committee__place"
        )
        for cell in cells.order_by("-founded_on"):
            if cell.hamlet_id:
                self.by_hamlet.setdefault(cell.hamlet_id, []).append(cell)
            name = fold(cell.name)
            for key in {name, name.removeprefix("chi bo ")}:
                self.by_name.setdefault((cell.committee.place_id, key), cell)

    def of_hamlet(self, hamlet, on):
        """The hamlet's cell existing on `on` (its newest if none matches)."""
        cells = self.by_hamlet.get(hamlet.pk, [])
        existing = [cell for cell in cells if on is None or cell.existed_on(on)]
        return (existing or cells or [None])[0]

    def named(self, commune, name):
        folded = fold(name)
        return self.by_name.get((commune.pk, folded)) or self.by_name.get(
            (commune.pk, folded.removeprefix("chi bo "))
        )


class PersonIdentity:
    """Who a row is. A person is the same as another when their citizen ID
    (CCCD) is the same; without one, when folded name, birth date and place
    are the same. Rows of one file that are the same person (several posts:
    kiêm nhiệm) share one Person; people already recorded are reused."""

    def __init__(self, user, citizen_ids, places):
        citizen_ids = [value for value in set(citizen_ids) if value]
        # A recorded person gets new posts or a membership: theirs to attach.
        visible = Person.objects.attachable_by(user).filter(pk=OuterRef("pk"))
        recorded = Person.objects.filter(citizen_id__in=citizen_ids).annotate(
            visible=Exists(visible)
        )
        self.by_citizen_id = {person.citizen_id: person for person in recorded}
        self.by_name = {
            (person.search_name, person.birth_date, person.place_id): person
            for person in Person.objects.filter(place__in=list(places), citizen_id__isnull=True)
        }
        self.seen = {}  # key -> (row number, Person), people met earlier in the file
        self.new = []  # unsaved people, in file order

    def key(self, citizen_id, name, birth_date, place):
        if citizen_id:
            return ("cccd", citizen_id)
        return ("name", fold(name), birth_date, place.pk)

    def resolve(self, row, columns, *, name, birth_date, citizen_id, place, **fields):
        """The Person for this row (new, met earlier in the file, or recorded),
        or None with an error on the row. `columns` maps name/birth_date/
        citizen_id to column keys."""
        if citizen_id and citizen_id[:3] not in CITIZEN_ID_PROVINCES:
            row.error(columns["citizen_id"], unusable_citizen_id())
            return None
        key = self.key(citizen_id, name, birth_date, place)
        if key in self.seen:
            first_row, person = self.seen[key]
            if not self._same(row, columns, person, name, birth_date, first_row):
                return None
            return person
        person = self._recorded(row, columns, key, name, birth_date)
        if person is False:
            return None
        if person is None:
            person = Person(full_name=name, birth_date=birth_date, citizen_id=citizen_id or None)
            person.place = place
            for attribute, value in fields.items():
                setattr(person, attribute, value)
            person.fill_derived_fields()
            self.new.append(person)
        self.seen[key] = (row.number, person)
        return person

    def _recorded(self, row, columns, key, name, birth_date):
        if key[0] == "name":
            return self.by_name.get((fold(name), birth_date, key[3]))
        person = self.by_citizen_id.get(key[1])
        if person is None:
            return None
        if not person.visible:
            row.error(columns["citizen_id"], unusable_citizen_id())
            return False
        if not self._same(row, columns, person, name, birth_date, None):
            return False
        return person

    def _same(self, row, columns, person, name, birth_date, first_row):
        where = (
            _("dòng %(row)s") % {"row": first_row} if first_row else _("người đã có trong hệ thống")
        )
        if fold(person.full_name) != fold(name):
            row.error(
                columns["citizen_id"],
                _("Số CCCD trùng với %(where)s (“%(other)s”) nhưng khác họ tên.")
                % {"where": where, "other": person.full_name},
            )
            return False
        if birth_date and person.birth_date and person.birth_date != birth_date:
            row.error(
                columns["birth_date"],
                _("Ngày sinh khác với %(where)s (%(other)s) của cùng người.")
                % {"where": where, "other": person.birth_date.strftime("%d/%m/%Y")},
            )
            return False
        return True


class MemberFinder:
    """The party member a row names among `members`: by card number or CCCD
    when the row gives one (its name must then match), else by the folded
    name, which must be unique. `not_found` and `not_named` are the messages
    of the importer's own scope ("… of this cell in the period")."""

    def __init__(self, members, *, not_found, not_named):
        self.not_found, self.not_named = not_found, not_named
        self.by_card, self.by_citizen, self.by_name = {}, {}, {}
        for member in members:
            if member.card_number:
                self.by_card[member.card_number] = member
            if member.person.citizen_id:
                self.by_citizen[member.person.citizen_id] = member
            self.by_name.setdefault(fold(member.person.full_name), []).append(member)

    def find(self, row):
        name = row.name("name")
        card = row.text("card", max_length=20)
        citizen = row.digits("citizen_id", 12, _("Số CCCD"))
        if not name:
            return None
        if card or citizen:
            member = self.by_card.get(card) if card else self.by_citizen.get(citizen)
            key = "card" if card else "citizen_id"
            if member is None:
                row.error(key, self.not_found)
            elif fold(member.person.full_name) != fold(name):
                row.error(
                    "name",
                    _("Số thẻ/CCCD là của %(other)s, không phải “%(name)s”.")
                    % {"other": member, "name": name},
                )
                return None
            return member
        named = self.by_name.get(fold(name), [])
        if not named:
            row.error("name", self.not_named % {"name": name})
            return None
        if len(named) > 1:
            row.error("name", _("Có nhiều đảng viên tên “%(name)s”: ghi số thẻ.") % {"name": name})
            return None
        return named[0]
