"""Records in commune A, commune B and another district, one of each model,
so every admin page has something to show (or to hide)."""

import datetime

import pytest

from cells.constants import CellKind, PostTypeCode
from tests import factories

D = datetime.date


def _records(hamlet, name):
    """A cell with a secretary who is also the hamlet chief, and a party member."""
    cell = factories.CellFactory(hamlet=hamlet, kind=CellKind.VILLAGE)
    person = factories.PersonFactory(full_name=name, place=hamlet, citizen_id=None)
    secretary = factories.CellPostFactory(cell=cell)
    chief = factories.HamletPostFactory(
        place=hamlet, post_type=factories.post_type(PostTypeCode.HAMLET_CHIEF)
    )
    term = factories.TermFactory()
    holdings = [
        factories.HoldingFactory(person=person, post=post, term=term, start_date=D(2022, 5, 5))
        for post in (secretary, chief)
    ]
    member = factories.PartyMemberFactory(person=person)
    membership = factories.CellMembershipFactory(member=member, cell=cell)
    return {
        "place": hamlet,
        "partycommittee": cell.committee,
        "cell": cell,
        "person": person,
        "partymember": member,
        "cellmembership": membership,
        "post": chief,
        "holding": holdings[1],
        "term": term,
        "posttype": chief.post_type,
    }


@pytest.fixture
def records_a(hamlet_a):
    return _records(hamlet_a, "Nguyễn Thị Hạnh")


@pytest.fixture
def records_b(hamlet_b):
    return _records(hamlet_b, "Lò Văn Đức Thuận")


@pytest.fixture
def records_other_district(hamlet_other_district):
    return _records(hamlet_other_district, "Lê Văn Xuân")


from tests.ratings.conftest import (  # noqa: E402, F401  (the review's round, cell and accounts)
    cell_a,
    commune_b_staff,
    commune_staff,
    hamlet_staff,
    members_a,
    rating_round,
)
