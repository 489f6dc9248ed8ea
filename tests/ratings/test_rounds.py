"""A round is opened by a commune (its cells and members) or a province (its
commune committees), with criteria sets for its subjects adding up to 100."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ratings.constants import Subject
from ratings.defaults import CRITERIA_SETS, default_criteria
from ratings.levels import criteria_total
from ratings.models import CriteriaSet, Criterion, RatingRound


@pytest.mark.parametrize("subject", [subject for subject, _name, _items in CRITERIA_SETS])
def test_the_default_criteria_add_up_to_a_hundred(db, subject):
    assert criteria_total(default_criteria(subject)) == 100


def a_round(place, **fields):
    return RatingRound(
        place=place,
        name="Năm 2026",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        **fields,
    )


def test_a_commune_round_wants_member_and_cell_criteria(commune_a):
    with pytest.raises(ValidationError) as raised:
        a_round(commune_a, member_criteria=default_criteria(Subject.CELL)).full_clean()
    errors = raised.value.message_dict
    assert errors["member_criteria"] == [
        "Bộ tiêu chí “Tiêu chí đánh giá chi bộ (mặc định theo HD 43-HD/BTCTW)” dành cho chi bộ."
    ]
    assert errors["cell_criteria"] == ["Chọn bộ tiêu chí cho đối tượng này."]


def test_criteria_not_adding_up_to_a_hundred_are_refused(commune_a):
    own = CriteriaSet.objects.create(name="Của xã", subject=Subject.MEMBER, place=commune_a)
    Criterion.objects.create(criteria_set=own, group="I", name="Một", max_points=Decimal(60))
    Criterion.objects.create(criteria_set=own, group="I", name="Hai", max_points=Decimal("30.5"))
    rating_round = a_round(
        commune_a, member_criteria=own, cell_criteria=default_criteria(Subject.CELL)
    )
    with pytest.raises(ValidationError) as raised:
        rating_round.full_clean()
    assert raised.value.message_dict["member_criteria"] == [
        "Tổng điểm tối đa của bộ tiêu chí “Của xã” là 90,5, phải bằng 100."
    ]


def test_a_province_round_rates_commune_committees(province, hamlet_a):
    rating_round = a_round(province, committee_criteria=default_criteria(Subject.COMMITTEE))
    rating_round.full_clean()
    assert rating_round.rates_committees
    with pytest.raises(ValidationError, match="Kỳ đánh giá do đảng ủy xã hoặc tỉnh mở"):
        a_round(hamlet_a, committee_criteria=default_criteria(Subject.COMMITTEE)).full_clean()


def test_a_round_ends_after_it_starts(commune_a):
    rating_round = a_round(
        commune_a,
        member_criteria=default_criteria(Subject.MEMBER),
        cell_criteria=default_criteria(Subject.CELL),
    )
    rating_round.end_date = datetime.date(2025, 12, 31)
    with pytest.raises(ValidationError, match="Ngày kết thúc kỳ không được trước ngày bắt đầu"):
        rating_round.full_clean()
