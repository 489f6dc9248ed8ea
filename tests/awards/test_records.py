"""Decisions, awards and their snapshots: a recipient's post and unit as they
were, one recipient per award, validity."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.constants import FormCode
from awards.models import Award, Decision
from cells.constants import PostTypeCode
from tests import factories
from tests.awards.conftest import form, hold


def test_it_refuses_a_decision_dated_after_its_body_ended(district_body):
    decision = Decision(
        number="12-QĐ/HU",
        date=datetime.date(2025, 7, 1),
        body=district_body,
        form=form(FormCode.CERTIFICATE),
    )
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    message = error.value.message_dict["date"][0]
    assert "chấm dứt hoạt động từ sau ngày 30/06/2025" in message
    assert "01/07/2025" in message


def test_it_accepts_a_decision_on_the_last_day_of_its_body(district_body):
    decision = Decision(
        number="12-QĐ/HU",
        date=datetime.date(2025, 6, 30),
        body=district_body,
        form=form(FormCode.CERTIFICATE),
    )
    decision.full_clean()


def test_it_refuses_a_decision_dated_before_its_body_began(district_body):
    decision = Decision(
        number="1-QĐ/HU",
        date=datetime.date(1989, 12, 31),
        body=district_body,
        form=form(FormCode.CERTIFICATE),
    )
    with pytest.raises(ValidationError, match="chỉ có hiệu lực từ ngày 01/01/1990"):
        decision.full_clean()


def test_it_refuses_the_same_person_twice_in_one_decision(decision, secretary_a):
    Award.objects.create(decision=decision, person=secretary_a)
    duplicate = Award(decision=decision, person=secretary_a)
    with pytest.raises(ValidationError, match="Cá nhân này đã có trong quyết định"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_it_refuses_the_same_cell_twice_in_one_decision(decision, cell_a):
    Award.objects.create(decision=decision, cell=cell_a)
    with pytest.raises(ValidationError, match="Chi bộ này đã có trong quyết định"):
        Award(decision=decision, cell=cell_a).full_clean()


def test_the_same_person_may_be_commended_by_two_decisions(decision, secretary_a, district_body):
    other = Decision.objects.create(
        number="2-QĐ/HU",
        date=datetime.date(2023, 1, 5),
        body=district_body,
        form=form(FormCode.DIPLOMA),
    )
    Award.objects.create(decision=decision, person=secretary_a)
    Award(decision=other, person=secretary_a).full_clean()


def test_it_refuses_an_award_to_a_person_and_a_cell_at_once(decision, secretary_a, cell_a):
    award = Award(decision=decision, person=secretary_a, cell=cell_a)
    with pytest.raises(ValidationError, match="Chọn đúng một đối tượng"):
        award.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        award.save()


def test_it_refuses_a_district_as_a_collective_recipient(decision, district):
    with pytest.raises(ValidationError):
        Award(decision=decision, collective_place=district).full_clean()


def test_a_person_award_records_the_posts_held_on_the_decision_date(decision, secretary_a):
    award = Award.objects.create(decision=decision, person=secretary_a)
    award.refresh_from_db()
    assert award.recipient_name == "Hà Văn Thuận"
    assert award.post_title == "Bí thư chi bộ kiêm trưởng khu phố"
    assert award.unit_name == "Khu phố Khu 1, thị trấn Sơn Lư"
    assert award.commune_name == "Thị trấn Sơn Lư"
    assert not award.is_collective


def test_the_snapshot_stays_after_the_person_moves(decision, secretary_a, hamlet_a, hamlet_b):
    award = Award.objects.create(decision=decision, person=secretary_a)
    secretary_a.holdings.update(end_date=datetime.date(2023, 1, 1))
    hold(secretary_a, PostTypeCode.FRONT_HEAD, hamlet=hamlet_b, start=datetime.date(2023, 1, 2))
    secretary_a.place = hamlet_b
    secretary_a.save()

    award = Award.objects.get(pk=award.pk)
    award.achievement = "Hoàn thành xuất sắc nhiệm vụ"
    award.save()
    award.refresh_from_db()
    assert award.post_title == "Bí thư chi bộ kiêm trưởng khu phố"
    assert award.commune_name == "Thị trấn Sơn Lư"
    assert award.recipient_place == hamlet_a


def test_a_post_typed_by_hand_wins_over_the_lookup(decision, district):
    cadre = factories.PersonFactory(full_name="Phạm Bá Cường", place=district)
    award = Award.objects.create(
        decision=decision, person=cadre, post_title="Huyện ủy viên, Trưởng Ban Tổ chức"
    )
    assert award.post_title == "Huyện ủy viên, Trưởng Ban Tổ chức"
    assert award.unit_name == "Huyện Quan Sơn"


def test_a_cell_award_is_a_collective_of_its_hamlet(decision, cell_b, hamlet_b):
    award = Award.objects.create(decision=decision, cell=cell_b)
    assert award.is_collective
    assert award.recipient_name == "Chi bộ bản Din"
    assert award.recipient_place == hamlet_b
    assert award.hamlet_name == str(hamlet_b)
    assert award.commune_name == "Xã Trung Xuân"


def test_an_officer_sees_only_awards_in_their_commune(
    decision, secretary_a, secretary_b, officer_a, other_district_staff, district_staff
):
    mine = Award.objects.create(decision=decision, person=secretary_a)
    Award.objects.create(decision=decision, person=secretary_b)

    assert list(Award.objects.in_scope(officer_a)) == [mine]
    assert Award.objects.in_scope(district_staff).count() == 2
    assert not Award.objects.in_scope(other_district_staff).exists()


def test_an_officer_finds_the_district_decision_that_commended_their_commune(
    decision, secretary_a, officer_a, officer_b
):
    Award.objects.create(decision=decision, person=secretary_a)
    assert list(Decision.objects.in_scope(officer_a)) == [decision]
    assert not Decision.objects.in_scope(officer_b).exists()
