"""What a member owes each month: the basis, the rate in force, the
exemption at 50 years of party age and by decision, reductions; the warning
list across a year boundary; the query count of a commune's year."""

import datetime

import pytest

from cells.models import PartyMember
from fees.constants import BasisKind, ReliefKind, ReliefReason
from fees.ledger import Ledger, fee_of, reduced, warning_list, whole_dong
from fees.models import FeePayment, FeeRate, FeeRelief
from members.constants import GapKind
from members.models import MembershipGap

from .conftest import basis, member_in

D = datetime.date
pytestmark = pytest.mark.django_db


def ledger_of(member, first, last):
    return Ledger.build(PartyMember.objects.filter(pk=member.pk), first, last)


def dues(member, first, last):
    return [row.due for row in ledger_of(member, first, last).rows[member.pk]]


@pytest.mark.parametrize(
    "kind,amount,expected",
    [
        (BasisKind.SALARY, 6_234_550, 62_346),  # 62,345.5 rounds half up
        (BasisKind.ALLOWANCE, 1_800_000, 18_000),
        (BasisKind.PENSION, 5_000_100, 25_001),  # 25,000.5 rounds half up
        (BasisKind.STUDENT, 0, 5_000),
        (BasisKind.OTHER, 20_000, 20_000),
    ],
)
def test_each_basis_is_computed_by_the_rate_of_qd_01(cell_a, kind, amount, expected):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, kind, amount)

    assert dues(member, D(2026, 3, 1), D(2026, 3, 1)) == [expected]


def test_a_month_before_qd_01_keeps_the_earlier_rate(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.STUDENT)

    assert dues(member, D(2026, 1, 1), D(2026, 2, 1)) == [2_000, 5_000]


def test_a_new_rate_row_changes_the_months_from_it_on(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    FeeRate.objects.create(kind=BasisKind.SALARY, valid_from=D(2026, 6, 1), percent=2, rule="x")

    assert dues(member, D(2026, 5, 1), D(2026, 6, 1)) == [50_000, 100_000]


def test_the_latest_basis_on_or_before_a_month_applies(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000, D(2026, 1, 1))
    basis(member, BasisKind.PENSION, 4_000_000, D(2026, 4, 1))

    assert dues(member, D(2026, 3, 1), D(2026, 4, 1)) == [50_000, 20_000]


def test_no_basis_is_no_due_and_no_warning(cell_a):
    member = member_in(cell_a, "Lê Văn An")

    rows = ledger_of(member, D(2026, 1, 1), D(2026, 6, 1)).rows[member.pk]

    assert [row.due for row in rows] == [None] * 6
    assert not any(row.unpaid for row in rows)


def test_a_member_is_exempt_from_the_month_of_fifty_years_of_party_age(cell_a):
    member = member_in(cell_a, "Lê Văn An", admitted_on=D(1976, 4, 15))
    basis(member, BasisKind.PENSION, 4_000_000)

    rows = ledger_of(member, D(2026, 3, 1), D(2026, 4, 1)).rows[member.pk]

    assert [row.due for row in rows] == [20_000, 0]
    assert rows[1].exempt_for_age and "50 năm" in rows[1].note


def test_a_gap_in_party_age_delays_the_exemption(cell_a):
    member = member_in(cell_a, "Lê Văn An", admitted_on=D(1976, 4, 15))
    basis(member, BasisKind.PENSION, 4_000_000)
    MembershipGap.objects.create(
        member=member, kind=GapKind.LOST_CONTACT, start_date=D(1990, 1, 1), end_date=D(1990, 3, 1)
    )

    # 60 days out: fifty years on 14/06/2026 instead of 15/04/2026.
    assert dues(member, D(2026, 4, 1), D(2026, 7, 1)) == [20_000, 20_000, 0, 0]


def relief(member, kind, start, end=None, percent=None, reason=ReliefReason.POOR_HOUSEHOLD):
    return FeeRelief.objects.create(
        member=member,
        kind=kind,
        reason=reason,
        percent=percent,
        start_month=start,
        end_month=end,
        decision_number="12-QĐ/ĐU",
        decision_date=start,
    )


def test_an_exemption_by_decision_covers_its_months(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    relief(
        member, ReliefKind.EXEMPT, D(2026, 2, 1), D(2026, 3, 1), reason=ReliefReason.GRAVE_ILLNESS
    )

    assert dues(member, D(2026, 1, 1), D(2026, 4, 1)) == [50_000, 0, 0, 50_000]


@pytest.mark.parametrize("percent,expected", [(30, 35_000), (50, 25_000), (70, 15_000)])
def test_a_reduction_takes_its_share_off_the_due(cell_a, percent, expected):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    relief(member, ReliefKind.REDUCE, D(2026, 2, 1), D(2027, 1, 1), percent=percent)

    assert dues(member, D(2026, 1, 1), D(2026, 2, 1)) == [50_000, expected]


def test_rounding_is_half_up_to_the_dong():
    assert whole_dong("12.5") == 13
    assert whole_dong("12.49") == 12
    assert reduced(10_001, 70) == 3_000  # 3,000.3
    assert reduced(10_005, 50) == 5_003  # 5,002.5


def test_fee_of_a_fixed_amount_ignores_the_basis():
    rate = FeeRate(kind=BasisKind.STUDENT, amount=5_000)
    assert fee_of(FeeRate(amount=123), rate) == 5_000


def test_months_outside_the_cell_and_the_party_are_not_owed(cell_a):
    member = member_in(cell_a, "Lê Văn An", start=D(2026, 3, 20), admitted_on=D(2026, 3, 20))
    member.left_on = D(2026, 5, 31)
    member.save()
    basis(member, BasisKind.STUDENT)

    rows = ledger_of(member, D(2026, 1, 1), D(2026, 12, 1)).rows[member.pk]

    assert [row.month.month for row in rows] == [3, 4, 5]


def pay(member, month, amount=50_000):
    return FeePayment.objects.create(member=member, month=month, amount=amount, paid_on=month)


def test_paid_and_balance(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    pay(member, D(2026, 1, 1))
    pay(member, D(2026, 2, 1), 20_000)

    ledger = ledger_of(member, D(2026, 1, 1), D(2026, 3, 1))

    assert [(r.paid, r.balance) for r in ledger.rows[member.pk]] == [
        (50_000, 0),
        (20_000, 30_000),
        (0, 50_000),
    ]
    assert ledger.totals() == (150_000, 70_000, 80_000)


def test_three_unpaid_months_in_one_year_put_a_member_on_the_warning_list(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    for month in (1, 5, 6):
        pay(member, D(2026, month, 1))

    (warning,) = warning_list(PartyMember.objects.all(), 2026, D(2026, 5, 10))

    assert warning[0] == member and [r.month.month for r in warning[2]] == [2, 3, 4]
    assert warning[3] == "Chi bộ Khu 1"


def test_november_december_january_are_not_three_months_in_one_year(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    for month in range(1, 11):
        pay(member, D(2025, month, 1))
    pay(member, D(2026, 2, 1))
    pay(member, D(2026, 3, 1))
    members = PartyMember.objects.all()

    assert warning_list(members, 2025, D(2026, 4, 1)) == []
    assert warning_list(members, 2026, D(2026, 4, 1)) == []
    ledger = Ledger.build(members, D(2025, 11, 1), D(2026, 1, 1))
    assert sum(row.unpaid for row in ledger.all_rows()) == 3
    assert ledger.warnings() == []


def test_a_relief_is_a_reason_for_the_unpaid_months(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    relief(member, ReliefKind.REDUCE, D(2026, 1, 1), D(2026, 6, 1), percent=50)

    assert warning_list(PartyMember.objects.all(), 2026, D(2026, 6, 10)) == []


def test_the_current_month_is_not_counted_before_it_ends(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)

    assert warning_list(PartyMember.objects.all(), 2026, D(2026, 3, 31)) == []
    assert len(warning_list(PartyMember.objects.all(), 2026, D(2026, 4, 1))) == 1


def test_a_commune_year_costs_the_same_queries_for_one_or_fifty_members(
    cell_a, django_assert_num_queries
):
    def build():
        return Ledger.build(PartyMember.objects.all(), D(2026, 1, 1), D(2026, 12, 1))

    first = member_in(cell_a, "Lê Văn An")
    basis(first, BasisKind.SALARY, 5_000_000)
    with django_assert_num_queries(8):
        build()
    for number in range(50):
        member = member_in(cell_a, f"Nguyễn Văn Số {chr(65 + number % 26)}")
        basis(member, BasisKind.PENSION, 3_000_000)
        relief(member, ReliefKind.EXEMPT, D(2026, 1, 1))
        pay(member, D(2026, 1, 1))
    with django_assert_num_queries(8):
        ledger = build()
    assert len(ledger.members) == 51
