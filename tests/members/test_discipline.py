"""Discipline records: refused when dated before the member's admission
(nothing written), and, decided in a review's period, the veto "Bị kỷ luật
trong kỳ đánh giá": ticked on the screen, required by every save."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Discipline
from ratings.constants import RatingLevel
from ratings.models import Rating
from ratings.services import RatingError, review_for, save_ratings
from tests import factories
from tests.ratings.conftest import member_in
from tests.ratings.test_review import entries_for
from tests.ratings.test_screen import cell_url

D = datetime.date


def discipline(member, **fields):
    values = {
        "member": member,
        "form": "canh_cao",
        "decision_number": "9-QĐ/ĐU",
        "decision_date": D(2025, 4, 2),
        "issued_by": "Đảng ủy thị trấn Sơn Lư",
        "effective_on": D(2025, 4, 2),
        **fields,
    }
    return Discipline(**values)


@pytest.fixture
def member(hamlet_a):
    person = factories.PersonFactory(full_name="Hà Văn Phạt", place=hamlet_a)
    return factories.PartyMemberFactory(person=person, admitted_on=D(2010, 3, 5))


def test_a_discipline_dated_before_admission_is_refused(member):
    record = discipline(member, decision_date=D(2010, 3, 4), effective_on=D(2010, 3, 4))
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert refused.value.message_dict["decision_date"] == [
        "Ngày 04/03/2010 trước ngày vào Đảng của Hà Văn Phạt (05/03/2010): "
        "không thể kỷ luật khi chưa là đảng viên."
    ]
    assert "effective_on" in refused.value.message_dict


def test_on_the_day_of_admission_it_is_accepted(member):
    discipline(member, decision_date=D(2010, 3, 5), effective_on=D(2010, 3, 5)).full_clean()


def test_the_api_refuses_it_and_writes_nothing(client, district_staff, member):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(district_staff)
    response = api.post(
        "/api/v1/disciplines/",
        {
            "member": member.pk,
            "form": "khien_trach",
            "decision_number": "1-QĐ/ĐU",
            "decision_date": "2009-12-01",
            "issued_by": "Đảng ủy thị trấn Sơn Lư",
            "effective_on": "2009-12-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "trước ngày vào Đảng" in response.content.decode()
    assert not Discipline.objects.exists()


def test_an_end_before_the_start_is_refused(member):
    with pytest.raises(ValidationError, match="không được trước ngày có hiệu lực"):
        discipline(member, ends_on=D(2025, 4, 1)).full_clean()


# The rating veto -------------------------------------------------------------------


@pytest.fixture
def punished(cell_a):
    member = member_in(cell_a, "Hà Văn Phạt", full_member_on=D(2011, 3, 5))
    discipline(member).save()
    return member


def test_a_member_disciplined_in_the_period_is_refused_without_the_veto(
    rating_round, cell_a, punished, commune_staff
):
    other = member_in(cell_a, "Lò Văn Ngoan", full_member_on=D(2011, 3, 5))
    review = review_for(rating_round, cell=cell_a)
    with pytest.raises(RatingError) as refused:
        save_ratings(commune_staff, review, entries_for(rating_round, [punished, other]))
    assert refused.value.messages == [
        "Hà Văn Phạt: Hà Văn Phạt bị kỷ luật trong kỳ (Cảnh cáo, quyết định số 9-QĐ/ĐU "
        "ngày 02/04/2025): phải đánh dấu phủ quyết “Bị kỷ luật trong kỳ đánh giá”, "
        "mức xếp loại là không hoàn thành nhiệm vụ."
    ]
    assert not Rating.objects.exists()


def test_with_the_veto_the_member_does_not_complete_the_tasks(
    rating_round, cell_a, punished, commune_staff
):
    review = review_for(rating_round, cell=cell_a)
    rows = entries_for(rating_round, [punished])
    rows[0].vetoes = {"bi_ky_luat"}
    save_ratings(commune_staff, review, rows)
    assert Rating.objects.get(member=punished).level == RatingLevel.FAILED


def test_a_discipline_outside_the_period_or_a_striking_off_is_no_veto(
    rating_round, cell_a, commune_staff
):
    earlier = member_in(cell_a, "Hà Văn Cũ", full_member_on=D(2011, 3, 5))
    discipline(earlier, decision_date=D(2024, 12, 31), effective_on=D(2024, 12, 31)).save()
    review = review_for(rating_round, cell=cell_a)
    save_ratings(commune_staff, review, entries_for(rating_round, [earlier]))
    assert Rating.objects.get(member=earlier).level == RatingLevel.GOOD


def test_the_screen_ticks_the_veto_for_the_disciplined(
    rating_round, cell_a, punished, login, commune_staff
):
    other = member_in(cell_a, "Lò Văn Ngoan", full_member_on=D(2011, 3, 5))
    grid = login(commune_staff).get(cell_url(rating_round, cell_a)).context["grid"]
    ticked = {row.member.pk: row.vetoes for row in grid.rows}
    assert ticked == {punished.pk: {"bi_ky_luat"}, other.pk: set()}
    page = login(commune_staff).get(cell_url(rating_round, cell_a)).content.decode()
    assert "bị kỷ luật trong kỳ" in page
