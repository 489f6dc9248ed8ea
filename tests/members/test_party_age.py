"""Party age: whole years from the admission decision, less the gaps on
record and the late part of an unfinished transfer, with the calculation in
words."""

from datetime import date

import pytest

from cells.constants import MembershipEndReason
from members.age import party_age, party_ages, whole_years
from members.constants import GapKind
from members.models import MembershipGap
from tests import factories


@pytest.fixture
def member(hamlet_a):
    return factories.PartyMemberFactory(
        person=factories.PersonFactory(full_name="Hà Văn Dũng", place=hamlet_a),
        admitted_on=date(1990, 6, 10),
    )


def test_the_anniversary_itself_completes_the_year():
    assert whole_years(date(1994, 2, 3), date(2024, 2, 2)) == 29
    assert whole_years(date(1994, 2, 3), date(2024, 2, 3)) == 30


def test_admitted_on_29_february_the_year_is_reached_on_1_march_of_a_common_year():
    assert whole_years(date(1996, 2, 29), date(2026, 2, 28)) == 29
    assert whole_years(date(1996, 2, 29), date(2026, 3, 1)) == 30
    assert whole_years(date(1996, 2, 29), date(2024, 2, 29)) == 28


def test_without_gaps_the_age_runs_from_admission(member):
    age = party_age(member, date(2026, 6, 10))

    assert age.years == 36
    assert age.gaps == []


def test_two_gaps_on_record_are_taken_out(member):
    # 365 + 366 days: the anniversary moves two years (and a day for 1992's 29 February).
    MembershipGap.objects.create(
        member=member,
        kind=GapKind.EXPELLED,
        start_date=date(1995, 6, 10),
        end_date=date(1996, 6, 9),
    )
    MembershipGap.objects.create(
        member=member,
        kind=GapKind.LOST_CONTACT,
        start_date=date(2000, 6, 10),
        end_date=date(2001, 6, 9),
    )

    age = party_age(member, date(2026, 6, 10))

    assert age.days_out == 366 + 365
    assert age.counted_from == date(1992, 6, 10)
    assert age.years == 34
    assert party_age(member, date(2026, 6, 9)).years == 33
    assert age.explanation() == [
        "Vào Đảng ngày 10/06/1990.",
        "Trừ 366 ngày từ 10/06/1995 đến 09/06/1996 (Khai trừ, xóa tên (trước khi kết nạp lại)).",
        "Trừ 365 ngày từ 10/06/2000 đến 09/06/2001 (Mất liên lạc với tổ chức đảng).",
        "Tuổi đảng đến ngày 10/06/2026: 34 năm.",
    ]


def test_an_open_gap_runs_to_the_date_and_a_later_one_is_not_counted(member):
    MembershipGap.objects.create(
        member=member, kind=GapKind.LOST_CONTACT, start_date=date(2026, 1, 1)
    )
    MembershipGap.objects.create(
        member=member, kind=GapKind.EXPELLED, start_date=date(2027, 1, 1), end_date=date(2027, 2, 1)
    )

    age = party_age(member, date(2026, 1, 10))

    assert [(gap.start, gap.end) for gap in age.gaps] == [(date(2026, 1, 1), date(2026, 1, 10))]


def test_overlapping_gaps_count_a_day_once(member):
    for start, end in [
        (date(2000, 1, 1), date(2000, 1, 31)),
        (date(2000, 1, 20), date(2000, 2, 9)),
    ]:
        MembershipGap.objects.create(
            member=member, kind=GapKind.LOST_CONTACT, start_date=start, end_date=end
        )

    assert party_age(member, date(2020, 1, 1)).days_out == 40


def test_only_the_days_past_the_30_allowed_of_a_transfer_are_taken_out(member, hamlet_a):
    old, new = factories.CellFactory(hamlet=hamlet_a), factories.CellFactory(hamlet=hamlet_a)
    factories.CellMembershipFactory(
        member=member,
        cell=old,
        start_date=date(1990, 6, 10),
        end_date=date(2010, 3, 31),
        end_reason=MembershipEndReason.TRANSFERRED,
    )
    factories.CellMembershipFactory(member=member, cell=new, start_date=date(2010, 6, 1))

    age = party_age(member, date(2026, 1, 1))

    # Out from 01/04/2010; the letter was due by 30/04; late from 01/05 to 31/05.
    assert [(gap.kind, gap.start, gap.end) for gap in age.gaps] == [
        (GapKind.UNFINISHED_TRANSFER, date(2010, 5, 1), date(2010, 5, 31))
    ]


def test_a_transfer_within_the_30_days_takes_nothing_out(member, hamlet_a):
    old, new = factories.CellFactory(hamlet=hamlet_a), factories.CellFactory(hamlet=hamlet_a)
    factories.CellMembershipFactory(
        member=member,
        cell=old,
        start_date=date(1990, 6, 10),
        end_date=date(2010, 3, 31),
        end_reason=MembershipEndReason.TRANSFERRED,
    )
    factories.CellMembershipFactory(member=member, cell=new, start_date=date(2010, 4, 30))

    assert party_age(member, date(2026, 1, 1)).gaps == []


def test_a_transfer_never_presented_runs_to_the_date(member, hamlet_a):
    factories.CellMembershipFactory(
        member=member,
        cell=factories.CellFactory(hamlet=hamlet_a),
        start_date=date(1990, 6, 10),
        end_date=date(2026, 1, 31),
        end_reason=MembershipEndReason.TRANSFERRED,
    )

    age = party_age(member, date(2026, 4, 1))

    assert [(gap.start, gap.end) for gap in age.gaps] == [(date(2026, 3, 3), date(2026, 4, 1))]


def test_the_ages_of_many_members_cost_two_queries(hamlet_a, django_assert_num_queries):
    members = [factories.PartyMemberFactory() for _ in range(12)]
    for member in members:
        MembershipGap.objects.create(
            member=member, kind=GapKind.LOST_CONTACT, start_date=date(2001, 1, 1)
        )

    with django_assert_num_queries(2):
        ages = party_ages(members, date(2026, 1, 1))

    assert {age.years for age in ages.values()} == {
        whole_years(date(2000, 5, 19), date(2001, 1, 1))
    }
