"""The level is computed from the score, the conditions of the top levels
and the vetoes, by the regulation's bands and conditions loaded as rows."""

from decimal import Decimal

import pytest

from ratings.constants import RatingLevel, Subject
from ratings.levels import Framework
from ratings.models import LevelBand

ALL_MET = {"dung_han", "vuot_muc_30", "khong_ky_luat_truc_thuoc", "cham_toi_da_20"}


@pytest.fixture
def framework(db):
    return Framework.of(None)


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("49.5", RatingLevel.FAILED),
        ("50", RatingLevel.DONE),
        ("69.99", RatingLevel.DONE),
        ("70", RatingLevel.GOOD),
        ("89.99", RatingLevel.GOOD),
        ("90", RatingLevel.EXCELLENT),
        ("100", RatingLevel.EXCELLENT),
    ],
)
@pytest.mark.parametrize("subject", [Subject.MEMBER, Subject.CELL])
def test_bands_with_every_condition_met(framework, subject, score, level):
    assert framework.judge(subject, Decimal(score), ALL_MET).level == level


def test_ninety_without_the_extra_conditions_is_good_and_says_why(framework):
    verdict = framework.judge(Subject.MEMBER, Decimal(90), {"dung_han"})
    assert verdict.level == RatingLevel.GOOD
    assert "Điểm 90 (từ 70 điểm)" in verdict.reason
    assert "chưa xếp “Hoàn thành xuất sắc nhiệm vụ” vì chưa đạt" in verdict.reason
    assert "30%" in verdict.reason


def test_seventy_without_every_task_on_time_is_done(framework):
    verdict = framework.judge(Subject.MEMBER, Decimal(70), set())
    assert verdict.level == RatingLevel.DONE
    assert "Hoàn thành tốt nhiệm vụ" in verdict.reason


def test_a_cell_needs_no_sub_unit_disciplined_for_the_top_level(framework):
    member_only = {"dung_han", "vuot_muc_30", "cham_toi_da_20"}
    assert framework.judge(Subject.CELL, Decimal(95), member_only).level == RatingLevel.GOOD
    assert framework.judge(Subject.MEMBER, Decimal(95), member_only).level == RatingLevel.EXCELLENT


def test_a_cell_with_more_than_a_fifth_late_fails_at_sixty(framework):
    verdict = framework.judge(Subject.CELL, Decimal(60), set())
    assert verdict.level == RatingLevel.FAILED
    assert "không quá 20% chậm tiến độ" in verdict.reason


def test_a_veto_at_ninety_five_fails_whatever_the_score(framework):
    verdict = framework.judge(Subject.MEMBER, Decimal(95), ALL_MET, {"bi_ky_luat"})
    assert verdict.level == RatingLevel.FAILED
    assert verdict.reason == (
        "Điểm 95, nhưng thuộc trường hợp phủ quyết: Bị kỷ luật trong kỳ đánh giá."
    )


def test_a_member_veto_does_not_apply_to_a_cell(framework):
    verdict = framework.judge(Subject.CELL, Decimal(95), ALL_MET, {"bi_ky_luat"})
    assert verdict.level == RatingLevel.EXCELLENT


def test_below_fifty_says_so(framework):
    verdict = framework.judge(Subject.MEMBER, Decimal("49.5"), ALL_MET)
    assert verdict.reason == "Điểm 49,5, dưới 50 điểm."


def test_bands_are_data(framework):
    LevelBand.objects.filter(level=RatingLevel.EXCELLENT).update(min_score=95)
    assert Framework.of(None).judge(Subject.MEMBER, Decimal(92), ALL_MET).level == RatingLevel.GOOD
