"""Import party members: the person (found or created), the membership and
the cell they belong to from their admission date.

A person is matched as in the people import (CCCD, else name + birth date +
place). A person already a member, a card number already given, or the same
person or card twice in the file is an error naming the other row.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.models import CellMembership, PartyMember, Person
from core.imports.base import Importer
from core.imports.reading import Column

from .lookups import CellLookup, PersonIdentity, PlaceLookup, commune_code
from .people import SEXES

COLUMNS = [
    Column("full_name", "Họ và tên", required=True, aliases=("Họ tên",)),
    Column("sex", "Giới tính"),
    Column("birth_date", "Ngày sinh"),
    Column("citizen_id", "Số CCCD", aliases=("CCCD", "Số căn cước công dân")),
    Column("commune_code", "Mã xã", required=True),
    Column("hamlet", "Thôn", aliases=("Tên thôn", "Thôn, bản", "Thôn, TDP")),
    Column("cell", "Chi bộ", aliases=("Tên chi bộ",)),
    Column("card_number", "Số thẻ đảng viên", aliases=("Số thẻ", "Số thẻ Đảng")),
    Column("admitted_on", "Ngày vào Đảng", required=True),
    Column("full_member_on", "Ngày chính thức"),
]
PERSON_COLUMNS = {"citizen_id": "citizen_id", "birth_date": "birth_date"}


@dataclass
class MemberPlan:
    people: list = field(default_factory=list)
    members: list = field(default_factory=list)
    memberships: list = field(default_factory=list)


class MemberImport(Importer):
    """Party members: "Họ và tên | … | Chi bộ | Số thẻ đảng viên | Ngày vào Đảng | …"."""

    columns = COLUMNS
    permission = "cells.add_partymember"
    title = gettext_lazy("Nhập đảng viên")

    def plan(self, table):
        rows = table.rows
        places = PlaceLookup(self.user, {commune_code(row, "commune_code") for row in rows})
        communes = list(places.communes.values())
        cells = CellLookup(communes)
        people = PersonIdentity(
            self.user,
            [row.digits("citizen_id", 12, _("Số CCCD")) for row in rows],
            [*communes, *places.hamlets.values()],
        )
        cards = dict.fromkeys(self._recorded_cards(rows), 0)
        plan = MemberPlan()
        rows_of_person = {}
        for row in rows:
            commune = places.commune(row, "commune_code", commune_code(row, "commune_code"))
            hamlet = places.hamlet(row, "hamlet", commune, row.text("hamlet"))
            member = self._member(row, cards)
            place = hamlet or commune
            person = self._person(row, people, place, hamlet)
            cell = self._cell(row, cells, commune, hamlet, member)
            if None in (person, member, cell):
                continue
            earlier = rows_of_person.setdefault(id(person), row.number)
            if earlier != row.number:
                row.error("full_name", _("Trùng với dòng %(row)s.") % {"row": earlier})
                continue
            member.person = person
            plan.members.append(member)
            plan.memberships.append(
                CellMembership(member=member, cell=cell, start_date=member.admitted_on)
            )
        plan.people = people.new
        self._refuse_recorded_members(table, plan, rows_of_person)
        return plan

    def count(self, plan):
        return {
            _("cá nhân mới"): len(plan.people),
            _("đảng viên mới"): len(plan.members),
        }

    def write(self, plan):
        Person.objects.bulk_create(plan.people)
        PartyMember.objects.bulk_create(plan.members)
        CellMembership.objects.bulk_create(plan.memberships)
        self.announce(Person, plan.people)
        self.announce(PartyMember, plan.members)
        self.announce(CellMembership, plan.memberships)

    def _recorded_cards(self, rows):
        numbers = {row.text("card_number") for row in rows} - {""}
        return PartyMember.objects.filter(card_number__in=numbers).values_list(
            "card_number", flat=True
        )

    def _person(self, row, people, place, hamlet):
        name = row.name("full_name")
        birth_date = row.date("birth_date")
        citizen_id = row.digits("citizen_id", 12, _("Số CCCD"))
        sex = row.choice("sex", SEXES) or ""
        if not name or place is None:
            return None
        return people.resolve(
            row,
            PERSON_COLUMNS,
            name=name,
            birth_date=birth_date,
            citizen_id=citizen_id,
            place=place,
            sex=sex,
        )

    def _member(self, row, cards):
        card = row.text("card_number", max_length=20)
        admitted_on = row.date("admitted_on", required=True)
        full_member_on = row.date("full_member_on")
        if card in cards:
            where = (
                _("dòng %(row)s") % {"row": cards[card]}
                if cards[card]
                else _("một đảng viên đã có trong hệ thống")
            )
            row.error("card_number", _("Số thẻ trùng với %(where)s.") % {"where": where})
            return None
        if card:
            cards[card] = row.number
        if admitted_on and full_member_on and full_member_on < admitted_on:
            row.error("full_member_on", _("Ngày chính thức không được trước ngày vào Đảng."))
            return None
        if admitted_on is None:
            return None
        return PartyMember(
            card_number=card or None, admitted_on=admitted_on, full_member_on=full_member_on
        )

    def _cell(self, row, cells, commune, hamlet, member):
        if commune is None:
            return None
        name = row.text("cell")
        if name:
            cell = cells.named(commune, name)
            if cell is None:
                row.error(
                    "cell",
                    _("%(commune)s không có chi bộ “%(name)s”.")
                    % {"commune": commune, "name": name},
                )
            return cell
        if hamlet is None:
            row.error("cell", _("Cần ghi chi bộ hoặc thôn."))
            return None
        cell = cells.of_hamlet(hamlet, member.admitted_on if member else None)
        if cell is None:
            row.error("cell", _("%(hamlet)s chưa có chi bộ.") % {"hamlet": hamlet})
        return cell

    def _refuse_recorded_members(self, table, plan, rows_of_person):
        """People already recorded who are already members (one query)."""
        recorded = {id(member.person): member.person.pk for member in plan.members}
        already = set(
            PartyMember.objects.filter(
                person__in=[pk for pk in recorded.values() if pk]
            ).values_list("person_id", flat=True)
        )
        for member in plan.members:
            if member.person.pk in already:
                table.add_error(
                    rows_of_person[id(member.person)],
                    "full_name",
                    _("%(name)s đã là đảng viên trong hệ thống.") % {"name": member.person},
                )
