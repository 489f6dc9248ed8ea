"""A small area with hand-countable figures at 31/12/2023."""

import datetime

import pytest

from cells.constants import MembershipEndReason, PostTypeCode
from tests import factories

D = datetime.date
LONG_AGO = D(2005, 3, 1)
JOINED = D(2010, 1, 1)


def member_in(cell, *, admitted=LONG_AGO, start=JOINED, end=None, **extra):
    member = factories.PartyMemberFactory(admitted_on=admitted, person__place=cell.hamlet, **extra)
    factories.CellMembershipFactory(member=member, cell=cell, start_date=start, end_date=end)
    return member


def post(code, hamlet, cell=None):
    if cell is not None:
        return factories.CellPostFactory(
            post_type=factories.post_type(code), cell=cell, place=hamlet
        )
    return factories.HamletPostFactory(post_type=factories.post_type(code), place=hamlet)


@pytest.fixture
def area(district, commune_a, commune_b, hamlet_a, hamlet_b, hamlet_other_district):
    """Quan Sơn with two live cells, a cell not founded yet, a dissolved one,
    and members who moved, left, or have not joined yet."""
    cell_a = factories.CellFactory(hamlet=hamlet_a)
    cell_b = factories.CellFactory(hamlet=hamlet_b)
    later = factories.HamletFactory(name="Bản Mới", parent=commune_b)
    factories.CellFactory(hamlet=later, founded_on=D(2024, 1, 1))
    old = factories.HamletFactory(name="Bản Cũ", parent=commune_b, valid_to=D(2019, 12, 31))
    dissolved = factories.CellFactory(hamlet=old, dissolved_on=D(2019, 12, 31))
    elsewhere = factories.CellFactory(hamlet=hamlet_other_district)

    m1 = member_in(cell_a)  # counts
    m2 = member_in(cell_a, end=D(2021, 12, 31))  # transferred to cell B: counts once
    factories.CellMembershipFactory(member=m2, cell=cell_b, start_date=D(2022, 1, 1))
    member_in(cell_a, left_on=D(2023, 6, 30), left_reason=MembershipEndReason.LEFT)
    member_in(dissolved)  # membership never closed, but the cell is gone
    member_in(cell_b, admitted=D(2023, 3, 1), start=D(2023, 3, 1))  # counts, admitted 2023
    member_in(elsewhere)  # another district
    m7 = member_in(cell_b, end=D(2023, 4, 30))  # moved out of the district
    factories.CellMembershipFactory(member=m7, cell=elsewhere, start_date=D(2023, 5, 1))
    member_in(cell_b, admitted=D(2023, 11, 1), start=D(2024, 1, 5))  # joins a cell next year

    secretary = post(PostTypeCode.CELL_SECRETARY, hamlet_a, cell_a)
    chief = post(PostTypeCode.HAMLET_CHIEF, hamlet_a)
    factories.HoldingFactory(person=m1.person, post=secretary)
    factories.HoldingFactory(person=m1.person, post=chief)
    front = post(PostTypeCode.FRONT_HEAD, hamlet_a)
    factories.HoldingFactory(post=front, end_date=D(2022, 6, 30))  # ended: vacant now
    post(PostTypeCode.CELL_SECRETARY, hamlet_b, cell_b)  # vacant
    chief_b = post(PostTypeCode.HAMLET_CHIEF, hamlet_b)
    factories.HoldingFactory(post=chief_b)  # someone else than the (absent) secretary
    post(PostTypeCode.CELL_SECRETARY, old, dissolved)  # unit gone: neither filled nor vacant
    other = post(PostTypeCode.HAMLET_CHIEF, hamlet_other_district)
    factories.HoldingFactory(post=other)
    return district
