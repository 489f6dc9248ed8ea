"""A cell in hamlet A with members on each basis, and the accounts that
write (commune staff) and read (officers) its fees."""

import datetime

import pytest

from cells.constants import Role
from fees.models import FeeBasis
from tests import factories

D = datetime.date
LONG_AGO = D(2010, 1, 1)
FIRST_MONTH = D(2023, 1, 1)


@pytest.fixture
def cell_a(hamlet_a):
    return factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")


def member_in(cell, name, *, start=LONG_AGO, **member):
    person = factories.PersonFactory(full_name=name, place=cell.hamlet)
    party_member = factories.PartyMemberFactory(person=person, **member)
    factories.CellMembershipFactory(member=party_member, cell=cell, start_date=start)
    return party_member


def basis(member, kind, amount=0, month=FIRST_MONTH):
    return FeeBasis.objects.create(member=member, kind=kind, amount=amount, from_month=month)


@pytest.fixture
def commune_staff(commune_a):
    return factories.UserFactory(username="xa-a", place=commune_a, role=Role.STAFF)


@pytest.fixture
def commune_b_staff(commune_b):
    return factories.UserFactory(username="xa-b", place=commune_b, role=Role.STAFF)
