"""Party badges by the rules: party age with its gaps, the wait after a
discipline (6/9/12 months to the day), early presentation for grave illness
(12 months, 24 from 70), posthumous award on request, and the rule in force
on the presentation date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.badges import badge_candidates, badge_list
from awards.models import BadgeRule
from members.constants import GapKind
from members.models import Discipline, MembershipGap
from tests import factories

D = datetime.date
FEB_2024 = D(2024, 2, 3)


def member(cell, name, admitted_on, *, born=None, **fields):
    person = factories.PersonFactory(full_name=name, place=cell.hamlet, birth_date=born)
    party_member = factories.PartyMemberFactory(person=person, admitted_on=admitted_on, **fields)
    factories.CellMembershipFactory(
        member=party_member, cell=cell, start_date=D(2010, 1, 1), end_date=fields.get("left_on")
    )
    return party_member


def due(place, date):
    return {c.person.full_name: c.level for c in badge_candidates(place, date)}


def disciplined(party_member, form, effective_on):
    return Discipline.objects.create(
        member=party_member,
        form=form,
        decision_number="5-QĐ/ĐU",
        decision_date=effective_on,
        issued_by="Đảng ủy xã",
        effective_on=effective_on,
    )


def test_a_gap_in_party_age_puts_the_badge_off(district, cell_a):
    thirty = member(cell_a, "Vi Văn Đúng", D(1994, 2, 3))
    MembershipGap.objects.create(
        member=thirty, kind=GapKind.LOST_CONTACT, start_date=D(2000, 1, 1), end_date=D(2000, 1, 1)
    )
    assert due(district, FEB_2024) == {}
    # One day out: the 30th anniversary moves to 04/02/2024, before 19/5.
    assert due(district, D(2024, 5, 19)) == {"Vi Văn Đúng": 30}


def test_two_gaps_are_both_taken_out(district, cell_a):
    thirty = member(cell_a, "Vi Văn Đúng", D(1993, 11, 7))
    for start in (D(1995, 1, 1), D(1998, 1, 1)):
        MembershipGap.objects.create(
            member=thirty, kind=GapKind.EXPELLED, start_date=start, end_date=start.replace(month=2)
        )
    # 32 + 32 days out: 30 years on 10/01/2024, so the 3/2 list, not 7/11/2023.
    assert due(district, D(2023, 11, 7)) == {}
    assert due(district, FEB_2024) == {"Vi Văn Đúng": 30}


@pytest.mark.parametrize("form, months", [("khien_trach", 6), ("canh_cao", 9), ("cach_chuc", 12)])
def test_a_discipline_delays_the_badge_to_the_day(district, cell_a, form, months):
    exact = member(cell_a, "Vi Văn Đúng", D(1990, 1, 1))
    late = member(cell_a, "Hà Văn Muộn", D(1990, 1, 1))
    # Effective exactly `months` before 3/2/2024, and a day later.
    effective = {6: D(2023, 8, 3), 9: D(2023, 5, 3), 12: D(2023, 2, 3)}[months]
    disciplined(exact, form, effective)
    disciplined(late, form, effective + datetime.timedelta(days=1))

    assert due(district, FEB_2024) == {"Vi Văn Đúng": 30}
    assert due(district, D(2024, 5, 19)) == {"Vi Văn Đúng": 30, "Hà Văn Muộn": 30}


def test_a_striking_off_is_not_one_of_the_delays(district, cell_a):
    # Re-admitted after it (the time out is a gap of party age, not a wait).
    readmitted = member(cell_a, "Vi Văn Đúng", D(1990, 1, 1))
    disciplined(readmitted, "xoa_ten", D(2023, 12, 1))
    assert due(district, FEB_2024) == {"Vi Văn Đúng": 30}


def test_the_rule_in_force_on_the_date_sets_the_delay(district, cell_a):
    BadgeRule.objects.create(valid_from=D(2024, 1, 1), delay_after_reprimand=3)
    exact = member(cell_a, "Vi Văn Đúng", D(1990, 1, 1))
    disciplined(exact, "khien_trach", D(2023, 11, 3))
    assert due(district, FEB_2024) == {"Vi Văn Đúng": 30}
    assert due(district, D(2023, 11, 7)) == {}


def test_the_rule_in_force_sets_the_levels(district, cell_a):
    BadgeRule.objects.create(valid_from=D(2024, 1, 1), levels=[30, 40, 50])
    member(cell_a, "Cầm Bá Bốn", D(1979, 1, 1))  # 45 years on 3/2/2024
    assert due(district, FEB_2024) == {"Cầm Bá Bốn": 40}
    assert due(district, D(2023, 11, 7)) == {"Cầm Bá Bốn": 40}  # 44 years, before the rule


def test_a_gravely_ill_member_may_receive_the_badge_twelve_months_early(district, cell_a):
    # 30 years on 03/02/2025: ill, listed on 03/02/2024, twelve months early to the day.
    member(
        cell_a, "Vi Văn Ốm", D(1995, 2, 3), born=D(1960, 1, 1), seriously_ill_since=D(2023, 1, 1)
    )
    member(
        cell_a,
        "Vi Văn Ốm Muộn",
        D(1995, 2, 4),
        born=D(1960, 1, 1),
        seriously_ill_since=D(2023, 1, 1),
    )
    member(cell_a, "Vi Văn Khỏe", D(1995, 2, 3), born=D(1960, 1, 1))
    candidates = badge_candidates(district, FEB_2024)
    assert {c.person.full_name: (c.level, c.years, c.early) for c in candidates} == {
        "Vi Văn Ốm": (30, 29, True)
    }
    _heading, rows = badge_list(district, FEB_2024)
    assert rows[0][-1] == (
        "Huy hiệu 30 năm tuổi Đảng (vào Đảng ngày 03/02/1995; trao sớm do bệnh hiểm nghèo)"
    )


def test_from_seventy_the_early_award_reaches_twenty_four_months(district, cell_a):
    ill = {"seriously_ill_since": D(2023, 1, 1)}
    member(cell_a, "Lò Văn Bảy Mươi", D(1996, 2, 3), born=D(1954, 2, 3), **ill)
    member(cell_a, "Lò Văn Sáu Chín", D(1996, 2, 3), born=D(1954, 2, 4), **ill)
    member(cell_a, "Lò Văn Quá Sớm", D(1996, 2, 4), born=D(1950, 1, 1), **ill)
    assert due(district, FEB_2024) == {"Lò Văn Bảy Mươi": 30}


def test_illness_recorded_after_the_date_does_not_count(district, cell_a):
    member(cell_a, "Vi Văn Ốm", D(1995, 2, 3), seriously_ill_since=D(2024, 2, 4))
    assert due(district, FEB_2024) == {}


def test_a_member_who_died_is_listed_posthumously_once_requested(district, cell_a):
    died = {"left_on": D(2023, 12, 1), "left_reason": "tu_tran"}
    member(cell_a, "Hà Văn Cố", D(1980, 6, 1), posthumous_badge_requested_on=D(2024, 1, 10), **died)
    member(cell_a, "Hà Văn Chưa", D(1980, 6, 1), **died)
    member(cell_a, "Hà Văn Sau", D(1980, 6, 1), posthumous_badge_requested_on=D(2024, 2, 4), **died)
    candidates = badge_candidates(district, FEB_2024)
    assert [(c.person.full_name, c.level, c.posthumous) for c in candidates] == [
        ("Hà Văn Cố", 40, True)
    ]
    _heading, rows = badge_list(district, FEB_2024)
    assert rows[0][-1] == (
        "Truy tặng Huy hiệu 40 năm tuổi Đảng (vào Đảng ngày 01/06/1980, từ trần ngày 01/12/2023)"
    )
    assert rows[0][3] == f"Đảng viên {cell_a.name}"


def test_the_posthumous_level_is_the_one_reached_by_the_day_of_death(district, cell_a):
    died = {"left_on": D(2020, 1, 1), "left_reason": "tu_tran"}
    member(cell_a, "Hà Văn Cố", D(1991, 1, 1), posthumous_badge_requested_on=D(2024, 1, 1), **died)
    assert due(district, FEB_2024) == {}  # 29 years when he died


def test_a_posthumous_request_needs_a_member_who_died(cell_a):
    living = member(cell_a, "Hà Văn Sống", D(1980, 6, 1))
    living.posthumous_badge_requested_on = D(2024, 1, 10)
    with pytest.raises(ValidationError, match="đã từ trần"):
        living.full_clean()


def test_the_levels_of_a_rule_must_rise(db):
    with pytest.raises(ValidationError, match="tăng dần"):
        BadgeRule(valid_from=D(2026, 1, 1), levels=[40, 30]).full_clean()


def test_the_migration_loaded_the_default_rule(db):
    rule = BadgeRule.in_force(FEB_2024)
    assert rule.pk is not None
    assert rule.levels == [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
    assert rule.delays() == {"khien_trach": 6, "canh_cao": 9, "cach_chuc": 12}
    assert (rule.early_months, rule.early_months_elderly, rule.elderly_age) == (12, 24, 70)


def grow(cell, size):
    for n in range(size):
        m = member(cell, f"Vi Văn Số {n}", D(1990, 1, 1 + n), seriously_ill_since=D(2020, 1, 1))
        disciplined(m, "khien_trach", D(2020, 1, 1))
        MembershipGap.objects.create(
            member=m, kind=GapKind.LOST_CONTACT, start_date=D(2001, 1, 1), end_date=D(2001, 1, 2)
        )


@pytest.mark.parametrize("size", [2, 12])
def test_the_candidates_cost_the_same_queries_whatever_the_size(
    district, cell_a, django_assert_num_queries, size
):
    grow(cell_a, size)
    with django_assert_num_queries(BADGE_QUERIES):
        assert len(badge_candidates(district, FEB_2024)) == size


# The rule, the members, their gaps and transfers (party age), their
# disciplines, their cells.
BADGE_QUERIES = 6
