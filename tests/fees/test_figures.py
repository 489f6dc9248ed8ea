"""Fees in the area's figures (fees.summary, through portal.summary): due,
paid, arrears and members warned, by commune too; nothing counted before
2026; queries pinned."""

import datetime

import pytest

from cells.models import PartyMember
from core.periods import Period
from fees.constants import BasisKind
from fees.models import FeePayment
from fees.summary import FeeSection
from portal.summary import area_figures

from .conftest import basis, member_in

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def members(cell_a):
    an = member_in(cell_a, "Lê Văn An")
    binh = member_in(cell_a, "Trần Thị Bình")
    basis(an, BasisKind.SALARY, 5_000_000)
    basis(binh, BasisKind.STUDENT)
    for month in range(1, 7):
        FeePayment.objects.create(
            member=an, month=D(2026, month, 1), amount=50_000, paid_on=D(2026, month, 5)
        )
    return an, binh


def test_the_figures_of_a_half_year(members, commune_a, district):
    period = Period.parse("2026-H1")

    figures = area_figures(district, period=period, communes=True)

    # An pays 6 × 50,000; Bình owes 2,000 in January and 5,000 from February.
    expected = {"fees_due": 300_000 + 2_000 + 5 * 5_000, "fees_paid": 300_000}
    expected |= {"fees_arrears": 27_000, "fees_warned": 1}
    assert {key: figures.area[key] for key in expected} == expected
    row = figures.communes[commune_a.pk]
    assert {key: row[key] for key in expected} == expected


def test_nothing_is_counted_before_2026(members, commune_a):
    figures = area_figures(commune_a, period=Period.parse("2025"))

    assert [figures.area[key] for key in ("fees_due", "fees_paid", "fees_arrears")] == [0, 0, 0]
    assert not FeeSection().shows(["fees_due"], figures.area)


def test_the_months_stop_at_the_date(members, commune_a):
    figures = area_figures(commune_a, date=D(2026, 2, 10))

    assert figures.area["fees_due"] == 2 * 50_000 + 2_000 + 5_000


def test_queries(members, commune_a, django_assert_num_queries):
    section = FeeSection()
    with django_assert_num_queries(0):
        section.area(commune_a, D(2025, 12, 31), None)
    with django_assert_num_queries(1 + 8):
        section.area(commune_a, D(2026, 12, 7), None)
    with django_assert_num_queries(1 + 8 + 1):
        section.with_communes(commune_a, D(2026, 12, 7), None)
    PartyMember.objects.all().delete()
    with django_assert_num_queries(1):
        section.area(commune_a, D(2026, 12, 7), None)
