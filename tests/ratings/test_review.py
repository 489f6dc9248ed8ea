"""A cell's results: saved in one go, all or nothing, proposed, approved by
the commune, locked, unlocked with a reason; each step on the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.audit import acting_as
from ratings.constants import RatingLevel, ReviewStatus
from ratings.models import Criterion, Rating
from ratings.services import (
    Entry,
    RatingError,
    approve,
    period_members,
    propose,
    review_for,
    save_ratings,
    unlock,
)
from tests import factories
from tests.ratings.conftest import member_in


def full_points(criteria_set, total):
    """Points for each criterion of `criteria_set` adding up to `total`:
    each item its share of the total."""
    items = list(Criterion.objects.filter(criteria_set=criteria_set))
    points = {c.pk: c.max_points * total / 100 for c in items}
    return points


def entries_for(rating_round, members, member_total=80, cell_total=85, **extra):
    rows = [
        Entry(
            member=member,
            points=full_points(rating_round.member_criteria, member_total),
            met={"dung_han"},
            where=str(member),
        )
        for member in members
    ]
    rows.append(
        Entry(
            points=full_points(rating_round.cell_criteria, cell_total),
            met={"dung_han", "cham_toi_da_20"},
            where="Chi bộ",
        )
    )
    return rows


@pytest.fixture
def review(rating_round, cell_a):
    return review_for(rating_round, cell=cell_a)


def test_saving_a_cell_rates_each_member_and_the_cell(review, members_a, commune_staff):
    created, updated = save_ratings(commune_staff, review, entries_for(review.round, members_a))
    assert (created, updated) == (4, 0)
    ratings = {str(r.member or r.cell): r for r in Rating.objects.all()}
    assert ratings["Lê Văn An"].level == RatingLevel.GOOD
    assert ratings["Lê Văn An"].probationary and not ratings["Lê Văn An"].exempted
    assert ratings["Phạm Văn Bình"].exempted
    assert ratings["Chi bộ Khu 1"].score == 85 and ratings["Chi bộ Khu 1"].subject == "chi_bo"
    # Saved again with one change: one update, nothing created.
    rows = entries_for(review.round, members_a)
    rows[0].vetoes = {"bi_ky_luat"}
    assert save_ratings(commune_staff, review, rows) == (0, 1)
    assert Rating.objects.get(member=members_a[0]).level == RatingLevel.FAILED


def test_bad_rows_are_all_named_and_nothing_is_written(review, members_a, commune_staff, cell_a):
    outsider = factories.PartyMemberFactory(person__full_name="Hoàng Văn Khách")
    rows = entries_for(review.round, members_a)
    first_item = Criterion.objects.filter(criteria_set=review.round.member_criteria).first()
    rows[0].points[first_item.pk] = 11
    rows[1].points[first_item.pk] = "-1"
    rows[2].points[first_item.pk] = "chín"
    rows.append(Entry(member=outsider, points=rows[0].points, where="Dòng 9"))
    rows.append(Entry(member=members_a[0], points=rows[0].points, where="Dòng 10"))
    with pytest.raises(RatingError) as raised:
        save_ratings(commune_staff, review, rows)
    messages = raised.value.messages
    column = f"cột “{first_item.name}”"
    assert f"Trần Thị Chi, {column}: 11 điểm vượt quá điểm tối đa 10." in messages
    assert f"Lê Văn An, {column}: điểm không được âm." in messages
    assert f"Phạm Văn Bình, {column}: “chín” không phải là số điểm." in messages
    assert "Dòng 9: Hoàng Văn Khách không sinh hoạt ở chi bộ này trong kỳ đánh giá." in messages
    assert "Dòng 10: đối tượng này đã có ở một dòng khác." in messages
    assert not Rating.objects.exists()


def test_a_member_who_left_before_the_round_is_not_the_cells(review, cell_a, commune_staff):
    gone = member_in(cell_a, "Đỗ Văn Cũ")
    gone.cell_memberships.update(end_date=datetime.date(2024, 6, 30))
    assert gone.pk not in period_members(review)
    with pytest.raises(RatingError, match="không sinh hoạt ở chi bộ này"):
        save_ratings(commune_staff, review, entries_for(review.round, [gone])[:1])


def test_propose_wants_everyone_but_the_exempted(review, members_a, commune_staff):
    save_ratings(commune_staff, review, entries_for(review.round, members_a[:1]))
    with pytest.raises(RatingError, match="còn thiếu: Lê Văn An\\.$"):
        propose(commune_staff, review)
    save_ratings(commune_staff, review, entries_for(review.round, members_a[1:2]))
    assert propose(commune_staff, review).status == ReviewStatus.PROPOSED


def test_approve_locks_and_unlock_needs_a_reason(review, members_a, commune_staff, hamlet_staff):
    save_ratings(hamlet_staff, review, entries_for(review.round, members_a))
    propose(hamlet_staff, review)
    with pytest.raises(RatingError, match="Chỉ cấp ủy mở kỳ đánh giá"):
        approve(hamlet_staff, review)
    approve(commune_staff, review)
    for user in (hamlet_staff, commune_staff):
        with pytest.raises(RatingError, match="đã được phê duyệt và khóa"):
            save_ratings(user, review, entries_for(review.round, members_a))
    with pytest.raises(RatingError, match="Ghi lý do mở khóa"):
        unlock(commune_staff, review, "  ")
    with pytest.raises(RatingError, match="Chỉ cấp ủy mở kỳ"):
        unlock(hamlet_staff, review, "Sai điểm")
    with acting_as(commune_staff):  # as the screen and the API do
        unlock(commune_staff, review, "Chi bộ báo sai điểm đồng chí Chi")
    assert save_ratings(hamlet_staff, review, entries_for(review.round, members_a, 75)) == (0, 3)
    steps = LogEntry.objects.get_for_object(review).order_by("timestamp", "pk")
    statuses = [entry.changes.get("status", [None, None])[1] for entry in steps]
    assert statuses[-3:] == ["de_nghi", "da_duyet", "de_nghi"]
    assert steps.last().changes["unlock_reason"][1] == "Chi bộ báo sai điểm đồng chí Chi"
    assert steps.last().actor == commune_staff


def test_another_commune_writes_nothing(review, members_a, commune_b_staff, officer_a):
    for user in (commune_b_staff, officer_a):
        with pytest.raises(RatingError, match="không có quyền"):
            save_ratings(user, review, entries_for(review.round, members_a))
        with pytest.raises(RatingError, match="Chỉ cấp ủy"):
            approve(user, review)
    assert not Rating.objects.exists()


def test_the_cap_on_excellent_is_checked_at_approval(review, members_a, commune_staff):
    rating_round = review.round
    rating_round.excellent_cap = 20
    rating_round.save()
    rows = entries_for(rating_round, members_a, member_total=95)
    for row in rows[:-1]:
        row.met = {"dung_han", "vuot_muc_30"}
    save_ratings(commune_staff, review, rows)
    propose(commune_staff, review)
    with pytest.raises(RatingError) as raised:
        approve(commune_staff, review)
    assert str(raised.value) == (
        "Vượt giới hạn tỷ lệ xuất sắc của kỳ (20%): 3 đảng viên xếp loại “Hoàn thành xuất sắc "
        "nhiệm vụ” trong 3 được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên, tối đa 0."
    )
    rating_round.excellent_cap = None
    rating_round.save()
    assert approve(commune_staff, review).status == ReviewStatus.APPROVED


def test_saving_a_cell_costs_the_same_queries_whatever_its_size(
    review, cell_a, members_a, commune_staff, django_assert_num_queries
):
    for number in range(20):
        member_in(cell_a, f"Nguyễn Văn Thêm{number}")
    members = list(period_members(review).values())
    rows = entries_for(review.round, [m.member for m in members])
    ContentType.objects.get_for_model(Rating)  # cached for the process, as in a server
    with django_assert_num_queries(QUERIES_OF_A_SAVE):
        save_ratings(commune_staff, review, rows)


# With the disciplines decided in the period (the veto they bring).
QUERIES_OF_A_SAVE = 12
