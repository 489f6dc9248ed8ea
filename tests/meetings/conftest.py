"""Fixtures of the meetings tests: a cell in commune A and one in commune B
(of the shared district), and factories for meetings and assignments."""

import datetime

import factory
import pytest

from meetings import models
from meetings.constants import MeetingKind
from tests import factories


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    cell = factory.SubFactory(factories.CellFactory)
    kind = MeetingKind.REGULAR
    date = datetime.date(2023, 7, 5)
    start_time = datetime.time(19, 30)
    end_time = datetime.time(21, 0)


class CadreAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CadreAssignment

    person = factory.SubFactory(factories.PersonFactory)
    cell = factory.SubFactory(factories.CellFactory)
    start_date = datetime.date(2022, 1, 1)


@pytest.fixture
def cell_a(hamlet_a):
    return factories.CellFactory(hamlet=hamlet_a, kind="khu_pho", name="Chi bộ Khu 1")


@pytest.fixture
def cell_b(hamlet_b):
    return factories.CellFactory(hamlet=hamlet_b, kind="ban", name="Chi bộ Bản Din")


@pytest.fixture
def meeting(cell_a):
    return MeetingFactory(cell=cell_a)


@pytest.fixture
def meeting_b(cell_b):
    return MeetingFactory(cell=cell_b)


def member_of(cell, name, start=datetime.date(2010, 1, 1), end=None):
    """A party member belonging to `cell` from `start` to `end`."""
    person = factories.PersonFactory(full_name=name, place=cell.hamlet)
    member = factories.PartyMemberFactory(person=person)
    factories.CellMembershipFactory(member=member, cell=cell, start_date=start, end_date=end)
    return member


HEADER = [
    "Chi bộ",
    "Xã, phường, thị trấn",
    "Ngày họp",
    "Loại",
    "Thời lượng (phút)",
    "Có mặt",
    "Vắng có lý do",
    "Vắng không lý do",
    "Nội dung",
]


def xlsx_bytes(rows, header=HEADER):
    """An .xlsx whose first sheet holds `header` then `rows`."""
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
