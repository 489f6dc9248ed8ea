"""A commune's 2025 round: a cell of three members in hamlet A (one in
probation, one exempted), and the accounts that enter, approve and read."""

import datetime

import pytest

from cells.constants import Role
from ratings.constants import Subject
from ratings.defaults import default_criteria
from ratings.models import RatingRound
from tests import factories


@pytest.fixture
def rating_round(commune_a):
    return RatingRound.objects.create(
        place=commune_a,
        name="Đánh giá, xếp loại năm 2025",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        member_criteria=default_criteria(Subject.MEMBER),
        cell_criteria=default_criteria(Subject.CELL),
    )


@pytest.fixture
def cell_a(hamlet_a):
    return factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")


def member_in(cell, name, **member):
    person = factories.PersonFactory(full_name=name, place=cell.hamlet)
    party_member = factories.PartyMemberFactory(person=person, **member)
    factories.CellMembershipFactory(member=party_member, cell=cell)
    return party_member


@pytest.fixture
def members_a(cell_a):
    """Three members, not in name order: Vietnamese order is An, Bình, Chi."""
    return [
        member_in(cell_a, "Trần Thị Chi", full_member_on=datetime.date(2001, 5, 19)),
        member_in(cell_a, "Lê Văn An", full_member_on=None, admitted_on=datetime.date(2025, 3, 2)),
        member_in(
            cell_a,
            "Phạm Văn Bình",
            full_member_on=datetime.date(1980, 1, 1),
            admitted_on=datetime.date(1979, 1, 1),
            exempt_from=datetime.date(2020, 1, 1),
        ),
    ]


@pytest.fixture
def commune_staff(commune_a):
    return factories.UserFactory(username="xa-a", place=commune_a, role=Role.STAFF)


@pytest.fixture
def hamlet_staff(hamlet_a):
    return factories.UserFactory(username="khu-1", place=hamlet_a, role=Role.STAFF)


@pytest.fixture
def commune_b_staff(commune_b):
    return factories.UserFactory(username="xa-b", place=commune_b, role=Role.STAFF)
