"""Designations and what the records say beside the committee's decision:
a regular meeting every month, a thematic one every quarter, no member rated
không hoàn thành; the checks for many cells in a fixed number of queries;
grants scoped to the commune."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.constants import MeetingKind
from meetings.models import Meeting
from ratings.constants import RatingLevel, ReviewStatus, Subject
from ratings.designations import (
    CHECKS,
    MONTHLY_MEETING,
    NO_MEMBER_FAILED,
    QUARTERLY_THEMATIC,
    check_cells,
)
from ratings.models import Designation, DesignationGrant, Rating
from ratings.services import review_for
from tests import factories
from tests.ratings.conftest import member_in

D = datetime.date
TODAY = D(2026, 12, 7)


def hold_year(cell, year, *, skip_months=(), thematic_quarters=(1, 2, 3, 4)):
    """A regular meeting on the 10th of every month but `skip_months`, and a
    thematic one in the first month of each quarter of `thematic_quarters`."""
    for month in range(1, 13):
        if month not in skip_months:
            Meeting.objects.create(cell=cell, kind=MeetingKind.REGULAR, date=D(year, month, 10))
    for quarter in thematic_quarters:
        Meeting.objects.create(
            cell=cell, kind=MeetingKind.THEMATIC, date=D(year, 3 * quarter - 2, 20)
        )


def rate(rating_round, member, level, cell):
    review = review_for(rating_round, cell=cell)
    return Rating.objects.create(
        review=review,
        round=rating_round,
        subject=Subject.MEMBER,
        member=member,
        cell=cell,
        score=40 if level == RatingLevel.FAILED else 80,
        level=level,
        reason="—",
    )


def test_a_cell_with_twelve_monthly_and_four_thematic_meetings_passes(cell_a):
    hold_year(cell_a, 2025)

    checks = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)]

    assert checks[MONTHLY_MEETING].passed is True
    assert checks[MONTHLY_MEETING].detail == "Sinh hoạt đủ 12/12 tháng."
    assert checks[QUARTERLY_THEMATIC].passed is True
    assert checks[QUARTERLY_THEMATIC].detail == "Có chuyên đề đủ 4/4 quý."


def test_a_missing_month_fails_and_names_the_month(cell_a):
    hold_year(cell_a, 2025, skip_months=[8])

    check = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)][MONTHLY_MEETING]

    assert check.passed is False
    assert check.detail == "Sinh hoạt 11/12 tháng; thiếu tháng 08/2025."


def test_a_combined_meeting_counts_as_regular_and_thematic(cell_a):
    hold_year(cell_a, 2025, skip_months=[4], thematic_quarters=[1, 3, 4])
    Meeting.objects.create(cell=cell_a, kind=MeetingKind.COMBINED, date=D(2025, 4, 25))

    checks = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)]

    assert (checks[MONTHLY_MEETING].passed, checks[QUARTERLY_THEMATIC].passed) == (True, True)


def test_a_quarter_without_a_thematic_meeting_fails_and_names_it(cell_a):
    hold_year(cell_a, 2025, thematic_quarters=[1, 2, 4])

    check = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)][QUARTERLY_THEMATIC]

    assert check.passed is False
    assert check.detail == "Có chuyên đề 3/4 quý; thiếu quý 3/2025."


def test_the_year_under_way_counts_only_the_months_that_are_over(cell_a):
    hold_year(cell_a, 2026, skip_months=[12])

    check = check_cells([(cell_a, 2026)], today=TODAY)[(cell_a.pk, 2026)][MONTHLY_MEETING]

    assert check.passed is True
    assert check.detail.startswith("Sinh hoạt đủ 11/11 tháng. (năm chưa kết thúc")


def test_a_cell_founded_during_the_year_is_expected_only_from_its_first_full_month(hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a, founded_on=D(2025, 3, 15))
    hold_year(cell, 2025, skip_months=[1, 2, 3])

    check = check_cells([(cell, 2025)], today=TODAY)[(cell.pk, 2025)][MONTHLY_MEETING]

    assert (check.passed, check.detail) == (True, "Sinh hoạt đủ 9/9 tháng.")


def test_no_member_failed_reads_the_years_ratings(rating_round, cell_a, members_a):
    first, second, third = members_a
    rate(rating_round, first, RatingLevel.GOOD, cell_a)
    rate(rating_round, second, RatingLevel.FAILED, cell_a)
    rate(rating_round, third, RatingLevel.EXCELLENT, cell_a)

    check = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)][NO_MEMBER_FAILED]

    assert check.passed is False
    assert check.detail == (
        "1/3 đảng viên không hoàn thành nhiệm vụ: Lê Văn An. Kết quả chưa được phê duyệt hết."
    )


def test_no_member_failed_passes_once_approved_without_a_failure(rating_round, cell_a, members_a):
    for member in members_a:
        rate(rating_round, member, RatingLevel.GOOD, cell_a)
    review_for(rating_round, cell=cell_a).__class__.objects.update(status=ReviewStatus.APPROVED)

    check = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)][NO_MEMBER_FAILED]

    assert (check.passed, check.detail) == (
        True,
        "3 đảng viên được xếp loại, không ai không hoàn thành.",
    )


def test_without_ratings_the_records_cannot_say(cell_a):
    check = check_cells([(cell_a, 2025)], today=TODAY)[(cell_a.pk, 2025)][NO_MEMBER_FAILED]

    assert check.passed is None
    assert check.detail == "Chưa có kết quả xếp loại đảng viên năm 2025."


def many_cells(commune, count):
    cells = []
    for number in range(count):
        hamlet = factories.HamletFactory(name=f"Thôn {number}", parent=commune)
        cell = factories.CellFactory(hamlet=hamlet)
        hold_year(cell, 2025, skip_months=[number % 12 + 1])
        member_in(cell, f"Hà Văn {number}")
        cells.append(cell)
    return cells


@pytest.mark.parametrize("count", [1, 6])
def test_the_checks_of_many_cells_cost_five_queries(
    commune_a, rating_round, django_assert_num_queries, count
):
    cells = many_cells(commune_a, count)
    for cell in cells:
        member = cell.memberships.get().member
        rate(rating_round, member, RatingLevel.FAILED, cell)
    pairs = [(cell, year) for cell in cells for year in (2024, 2025)]

    with django_assert_num_queries(5):
        results = check_cells(pairs, today=TODAY)

    assert len(results) == 2 * count
    assert all(results[(cell.pk, 2025)][NO_MEMBER_FAILED].passed is False for cell in cells)
    assert all(results[(cell.pk, 2025)][MONTHLY_MEETING].passed is False for cell in cells)


# --- designations and grants --------------------------------------------------


def test_the_shared_designations_come_with_the_migration(db):
    shared = Designation.objects.filter(place=None)
    assert set(shared.values_list("name", flat=True)) >= {
        "Chi bộ bốn tốt",
        "Chi bộ trong sạch, vững mạnh",
    }
    assert set(shared.get(name="Chi bộ bốn tốt").checks) == set(CHECKS)


def test_a_designation_names_only_known_checks(commune_a):
    designation = Designation(name="Chi bộ kiểu mẫu", place=commune_a, checks=["sinh_nhat"])
    with pytest.raises(ValidationError) as error:
        designation.full_clean()
    assert error.value.message_dict["checks"] == ["Không có tiêu chí kiểm tra: sinh_nhat."]


def test_a_communes_designation_is_not_granted_to_another_communes_cell(commune_a, hamlet_b):
    own = Designation.objects.create(name="Chi bộ kiểu mẫu", place=commune_a)
    other_cell = factories.CellFactory(hamlet=hamlet_b)
    grant = DesignationGrant(designation=own, cell=other_cell, year=2025)
    with pytest.raises(ValidationError) as error:
        grant.full_clean()
    assert "designation" in error.value.message_dict


def test_another_commune_neither_reads_nor_changes_a_grant(
    cell_a, commune_staff, commune_b_staff, officer_a
):
    designation = Designation.objects.get(name="Chi bộ bốn tốt")
    grant = DesignationGrant.objects.create(designation=designation, cell=cell_a, year=2025)

    assert grant.path == cell_a.path
    assert list(DesignationGrant.objects.in_scope(commune_staff)) == [grant]
    assert list(DesignationGrant.objects.editable_by(commune_staff)) == [grant]
    assert list(DesignationGrant.objects.in_scope(officer_a)) == [grant]
    assert not DesignationGrant.objects.editable_by(officer_a).exists()
    assert not DesignationGrant.objects.in_scope(commune_b_staff).exists()
    assert not DesignationGrant.objects.editable_by(commune_b_staff).exists()


def test_a_communes_own_designation_is_its_own(commune_a, commune_staff, commune_b_staff):
    own = Designation.objects.create(name="Chi bộ kiểu mẫu", place=commune_a)
    shared = Designation.objects.get(name="Chi bộ bốn tốt")

    assert {own, shared} <= set(Designation.objects.in_scope(commune_staff))
    assert list(Designation.objects.editable_by(commune_staff)) == [own]
    assert own not in Designation.objects.in_scope(commune_b_staff)
    assert not Designation.objects.editable_by(commune_b_staff).exists()
