"""Fixtures of the awards tests: the district's issuing body, a decision, and
people holding posts in hamlets A and B."""

import datetime

import pytest

from awards.constants import DISTRICT_BODIES_END, FormCode
from awards.models import CommendationForm, Decision, IssuingBody, Occasion
from cells.constants import PostTypeCode
from tests import factories

DECISION_DATE = datetime.date(2022, 5, 5)


def form(code):
    return CommendationForm.objects.get(code=code)


@pytest.fixture
def district_body(district):
    return IssuingBody.objects.create(
        name="Ban Thường vụ Huyện ủy Quan Sơn",
        place=district,
        valid_from=datetime.date(1990, 1, 1),
        valid_to=DISTRICT_BODIES_END,
    )


@pytest.fixture
def occasion(db):
    return Occasion.objects.create(
        title="Kỷ niệm 92 năm Ngày thành lập Đảng", date=datetime.date(2022, 2, 3)
    )


@pytest.fixture
def decision(district_body, occasion):
    return Decision.objects.create(
        number="1125-QĐ/HU",
        date=DECISION_DATE,
        body=district_body,
        signer="Lê Văn Bí",
        occasion=occasion,
        form=form(FormCode.CERTIFICATE),
    )


@pytest.fixture
def cell_a(hamlet_a):
    return factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")


@pytest.fixture
def cell_b(hamlet_b):
    return factories.CellFactory(hamlet=hamlet_b, name="Chi bộ bản Din")


def hold(
    person, post_type_code, *, hamlet=None, cell=None, start=datetime.date(2020, 7, 1), end=None
):
    """Give `person` a post in a hamlet (or a cell) from `start` to `end`."""
    if cell is not None:
        post = factories.CellPostFactory(post_type=factories.post_type(post_type_code), cell=cell)
    else:
        post = factories.HamletPostFactory(
            post_type=factories.post_type(post_type_code), place=hamlet
        )
    return factories.HoldingFactory(person=person, post=post, start_date=start, end_date=end)


@pytest.fixture
def secretary_a(hamlet_a, cell_a):
    """Secretary of cell A and hamlet chief of Khu 1 (kiêm nhiệm)."""
    person = factories.PersonFactory(full_name="Hà Văn Thuận", place=hamlet_a)
    hold(person, PostTypeCode.CELL_SECRETARY, cell=cell_a)
    hold(person, PostTypeCode.HAMLET_CHIEF, hamlet=hamlet_a)
    return person


@pytest.fixture
def secretary_b(hamlet_b, cell_b):
    person = factories.PersonFactory(full_name="Lương Thị Ánh", place=hamlet_b)
    hold(person, PostTypeCode.CELL_SECRETARY, cell=cell_b)
    return person
