"""A member of cell A (commune A) who moves; cells in commune B (same
district) and in a commune of another district; the accounts."""

import datetime

import pytest

from cells.constants import Role
from tests import factories
from transfers.constants import TransferKind
from transfers.models import Transfer


@pytest.fixture
def cell_a(hamlet_a):
    return factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")


@pytest.fixture
def cell_a2(commune_a):
    hamlet = factories.HamletFactory(name="Khu 2", parent=commune_a)
    return factories.CellFactory(hamlet=hamlet, name="Chi bộ Khu 2")


@pytest.fixture
def cell_b(hamlet_b):
    return factories.CellFactory(hamlet=hamlet_b, name="Chi bộ Bản Khuất")


@pytest.fixture
def cell_other(hamlet_other_district):
    return factories.CellFactory(hamlet=hamlet_other_district, name="Chi bộ Thôn 5")


def member_in(cell, name, since=datetime.date(2010, 5, 19), **member):
    person = factories.PersonFactory(full_name=name, place=cell.hamlet)
    member.setdefault("admitted_on", since)
    member.setdefault("full_member_on", since + datetime.timedelta(days=365))
    party_member = factories.PartyMemberFactory(person=person, **member)
    factories.CellMembershipFactory(member=party_member, cell=cell, start_date=since)
    return party_member


@pytest.fixture
def member(cell_a):
    return member_in(cell_a, "Hà Văn Dũng")


@pytest.fixture
def staff_a(commune_a):
    return factories.UserFactory(username="xa-a", place=commune_a, role=Role.STAFF)


@pytest.fixture
def staff_b(commune_b):
    return factories.UserFactory(username="xa-b", place=commune_b, role=Role.STAFF)


@pytest.fixture
def officer_other(commune_other_district):
    return factories.UserFactory(
        username="xa-khac", place=commune_other_district, role=Role.OFFICER
    )


def transfer(member, **fields):
    """An unsaved permanent transfer moved on 02/03/2026, requested on time."""
    values = {
        "member": member,
        "kind": TransferKind.PERMANENT,
        "moved_on": datetime.date(2026, 3, 2),
        "requested_on": datetime.date(2026, 3, 10),
    }
    values.update(fields)
    return Transfer(**values)
