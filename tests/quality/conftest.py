"""A register with one record breaking each rule of the data-quality report
(cells.quality), and a clean member who breaks none, in Sơn Lư (commune A)
and Trung Xuân (commune B) of Quan Sơn. The report is read on DAY."""

import datetime
import itertools

import pytest

from cells.constants import MembershipEndReason, PostTypeCode
from tests import factories

D = datetime.date
DAY = D(2026, 6, 30)
ADMITTED = D(2005, 3, 1)
TERM_START = D(2025, 4, 1)
_serial = itertools.count(1)


def person_in(hamlet, name, **fields):
    """A person with a valid CCCD and a birth date unless told otherwise."""
    number = next(_serial)
    fields.setdefault("citizen_id", f"{38_000_000_000 + number:012d}")
    fields.setdefault("birth_date", D(1980, 1, 1) + datetime.timedelta(days=number))
    return factories.PersonFactory(place=hamlet, full_name=name, **fields)


def member_in(
    cell,
    name,
    *,
    admitted=ADMITTED,
    start=None,
    end=None,
    end_reason="",
    hamlet=None,
    person=None,
    **fields,
):
    """A member with a well-formed card, full a year after admission, in
    `cell` from `start` (the admission) unless `cell` is None; `person`
    gives fields of the person (see `person_in`)."""
    number = next(_serial)
    fields.setdefault("card_number", f"{10_000_000 + number:08d}")
    fields.setdefault("full_member_on", D(admitted.year + 1, admitted.month, 1))
    someone = person_in(hamlet or cell.hamlet, name, **(person or {}))
    member = factories.PartyMemberFactory(person=someone, admitted_on=admitted, **fields)
    if cell is not None:
        factories.CellMembershipFactory(
            member=member,
            cell=cell,
            start_date=start or admitted,
            end_date=end,
            end_reason=end_reason,
        )
    return member


def hold(person, code, cell, start=TERM_START):
    post = factories.CellPostFactory(post_type=factories.post_type(code), cell=cell)
    return factories.HoldingFactory(person=person, post=post, start_date=start)


@pytest.fixture
def register(commune_a, commune_b, hamlet_a, hamlet_b):
    cell_a = factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")
    cell_b = factories.CellFactory(hamlet=hamlet_b, name="Chi bộ Bản Din")
    clean = member_in(cell_a, "Hà Văn Sạch")
    hold(clean.person, PostTypeCode.CELL_SECRETARY, cell_a)

    # identity
    member_in(cell_a, "Lò Thị Thiếu", person={"citizen_id": None})
    member_in(cell_a, "Lương Văn Sai", person={"citizen_id": "12345678901"})
    member_in(cell_a, "Nguyễn Văn Bình", person={"birth_date": D(1970, 2, 3)})
    person_in(hamlet_a, "Nguyen Van  Binh", birth_date=D(1970, 2, 3))  # not a member
    member_in(cell_a, "Nguyễn Văn Bình Hai", person={"birth_date": D(1970, 2, 3)})  # other name
    member_in(cell_b, "Nguyễn Văn Bình", person={"birth_date": D(1970, 2, 3)})  # commune B
    member_in(cell_a, "Vi Văn Thẻ", card_number="23456789")
    member_in(cell_b, "Vi Văn Trùng", card_number="2345-6789")
    member_in(cell_a, "Cầm Văn Mẫu", card_number="CARD1")
    member_in(cell_a, "Cầm Thị Thường", card_number="654321th")
    member_in(cell_a, "Cầm Văn Lý Lịch", card_number="123456TH")  # a số lý lịch: fine
    member_in(cell_a, "Lữ Văn Chưa Thẻ", card_number=None)
    member_in(  # probationary: no card yet, fine
        cell_a, "Lữ Thị Dự Bị", admitted=D(2026, 1, 10), card_number=None, full_member_on=None
    )

    # dates out of order
    died = D(2024, 5, 1)
    member_in(
        cell_a, "Phạm Văn Mất", left_on=died, left_reason=MembershipEndReason.DIED
    )  # membership left open
    member_in(
        cell_a, "Phạm Văn Đủ", end=died, left_on=died, left_reason=MembershipEndReason.DIED
    )  # closed on the day: fine
    member_in(cell_a, "Đinh Văn Sớm", admitted=D(2010, 5, 19), start=D(2010, 1, 1))
    member_in(
        cell_a, "Hà Thị Nhuận", admitted=D(2018, 2, 28), person={"birth_date": D(2000, 2, 29)}
    )  # 17 on the eve of a 29 February birthday
    member_in(
        cell_a, "Hà Văn Mười Tám", admitted=D(2018, 3, 1), person={"birth_date": D(2000, 2, 29)}
    )  # 18 on 1 March: fine
    member_in(
        cell_a, "Hà Văn Ngược", admitted=D(2001, 1, 1), person={"birth_date": D(2003, 1, 1)}
    )  # born after the admission

    # on the date
    member_in(None, "Quàng Văn Lạc", hamlet=hamlet_a)  # no cell ever
    member_in(cell_a, "Quàng Thị Sau", admitted=D(2020, 1, 1), start=D(2026, 9, 1))
    gone = factories.CellFactory(hamlet=hamlet_a, name="Chi bộ cũ", dissolved_on=D(2024, 1, 1))
    member_in(gone, "Quàng Văn Cũ")  # the cell was dissolved
    member_in(  # transferred to a party organisation outside the portal: not listed
        cell_a,
        "Quàng Văn Đi",
        end=D(2026, 5, 31),
        end_reason=MembershipEndReason.TRANSFERRED,
    )
    outsider = person_in(hamlet_a, "Sầm Văn Ngoài")
    hold(outsider, PostTypeCode.DEPUTY_SECRETARY, cell_a)
    former = member_in(cell_a, "Sầm Thị Rời", end=D(2025, 12, 31), left_on=D(2025, 12, 31))
    hold(former.person, PostTypeCode.CELL_COMMITTEE, cell_a, start=D(2025, 4, 1))
    factories.HoldingFactory(  # a hamlet's title: not a cell officer
        person=person_in(hamlet_a, "Sầm Văn Trưởng Thôn"),
        post=factories.HamletPostFactory(place=hamlet_a),
    )
    outsider_b = person_in(hamlet_b, "Sầm Văn Bản Din")
    hold(outsider_b, PostTypeCode.CELL_SECRETARY, cell_b)
    return {"cell_a": cell_a, "cell_b": cell_b}
