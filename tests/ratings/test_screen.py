"""The cell rating screen (/danh-gia/<round>/chi-bo/<cell>/) and the round
page: the grid in Vietnamese name order with its evidence, one POST saving
everything through the service, propose / approve / unlock, read-only for
officers and locked results, 404 for another commune, a fixed number of
queries whatever the size of the cell."""

import datetime

import pytest
from django.urls import reverse

from meetings.constants import AttendanceStatus
from meetings.models import Meeting
from ratings.constants import RatingLevel, ReviewStatus
from ratings.models import Criterion, Rating, Review
from ratings.screen import CELL_ROW
from ratings.services import Entry, approve, propose, review_for, save_ratings
from tests.ratings.conftest import member_in


def cell_url(rating_round, cell):
    return reverse("ratings-cell", args=[rating_round.pk, cell.pk])


def round_url(rating_round):
    return reverse("ratings-round", args=[rating_round.pk])


def criteria(criteria_set):
    return list(Criterion.objects.filter(criteria_set=criteria_set))


def grid_post(rating_round, members, member_total=80, cell_total=85):
    """The POST of a filled grid: each criterion its share of the total."""
    data = {"action": "save", "row": [str(m.pk) for m in members] + [CELL_ROW]}
    for member in members:
        for c in criteria(rating_round.member_criteria):
            data[f"p-{member.pk}-{c.pk}"] = str(c.max_points * member_total / 100).replace(".", ",")
        data[f"m-{member.pk}-dung_han"] = "1"
    for c in criteria(rating_round.cell_criteria):
        data[f"p-{CELL_ROW}-{c.pk}"] = str(c.max_points * cell_total / 100)
    data[f"m-{CELL_ROW}-dung_han"] = "1"
    data[f"m-{CELL_ROW}-cham_toi_da_20"] = "1"
    return data


def saved_review(rating_round, cell, members, user):
    review = review_for(rating_round, cell=cell)
    entries = [
        Entry(
            member=m,
            points={c.pk: c.max_points * 80 / 100 for c in criteria(rating_round.member_criteria)},
            met={"dung_han"},
            where=str(m),
        )
        for m in members
    ]
    entries.append(
        Entry(
            points={c.pk: c.max_points * 85 / 100 for c in criteria(rating_round.cell_criteria)},
            met={"dung_han", "cham_toi_da_20"},
            where="Chi bộ",
        )
    )
    save_ratings(user, review, entries)
    return review


def test_the_grid_lists_members_in_name_order_with_marks(
    rating_round, cell_a, members_a, login, officer_a
):
    response = login(officer_a).get(cell_url(rating_round, cell_a))

    assert response.status_code == 200
    rows = response.context["grid"].rows
    assert [row.label for row in rows] == ["Lê Văn An", "Phạm Văn Bình", "Trần Thị Chi"]
    assert [(row.probationary, row.exempted) for row in rows] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert "dự bị" in response.text and "miễn sinh hoạt" in response.text
    assert 'inputmode="decimal"' in response.text
    # An officer reads: no inputs to write, no save button.
    assert not response.context["editable"]
    assert 'value="save"' not in response.text
    assert not Review.objects.exists()  # reading writes nothing


def test_evidence_counts_meetings_absences_posts_and_awards(
    rating_round, cell_a, members_a, login, commune_staff
):
    chi, an, _binh = members_a
    for month, status in ((3, AttendanceStatus.PRESENT), (4, AttendanceStatus.UNEXCUSED)):
        meeting = Meeting.objects.create(
            cell=cell_a, kind="thuong_ky", date=datetime.date(2025, month, 10)
        )
        meeting.record_attendance({an.pk: (status, "")})
    Meeting.objects.create(cell=cell_a, kind="thuong_ky", date=datetime.date(2024, 12, 10))
    # A meeting with its counts only (no roll call) is held, not attended by anyone.
    Meeting.objects.create(cell=cell_a, kind="thuong_ky", date=datetime.date(2025, 5, 10))

    response = login(commune_staff).get(cell_url(rating_round, cell_a))

    evidence = {row.label: row.evidence for row in response.context["grid"].rows}
    an_has = evidence["Lê Văn An"]
    assert (an_has.attended, an_has.expected, an_has.held, an_has.unexcused) == (1, 2, 3, 1)
    chi_has = evidence["Trần Thị Chi"]
    assert (chi_has.attended, chi_has.expected, chi_has.held) == (0, 2, 3)
    assert "Dự họp 1/2 buổi có điểm danh" in response.text and "(cả kỳ 3 buổi)" in response.text


def test_one_post_saves_the_grid_and_shows_the_level(
    rating_round, cell_a, members_a, login, commune_staff
):
    client = login(commune_staff)
    response = client.post(cell_url(rating_round, cell_a), grid_post(rating_round, members_a))

    assert response.status_code == 302
    assert Rating.objects.filter(member__isnull=False).count() == 3
    assert set(Rating.objects.values_list("level", flat=True)) == {RatingLevel.GOOD}
    page = client.get(cell_url(rating_round, cell_a))
    assert "Hoàn thành tốt nhiệm vụ" in page.text
    assert "Đã lưu: 4 kết quả mới" in page.text


@pytest.mark.parametrize(
    ("value", "message"),
    [("999", "vượt quá điểm tối đa"), ("-1", "không được âm"), ("abc", "không phải là số điểm")],
)
def test_bad_points_write_nothing_and_keep_what_was_typed(
    rating_round, cell_a, members_a, login, commune_staff, value, message
):
    data = grid_post(rating_round, members_a)
    first = criteria(rating_round.member_criteria)[0]
    data[f"p-{members_a[0].pk}-{first.pk}"] = value

    response = login(commune_staff).post(cell_url(rating_round, cell_a), data)

    assert response.status_code == 400
    assert message in response.text
    assert "Trần Thị Chi" in response.text
    assert f'value="{value}"' in response.text
    assert not Rating.objects.exists()


def test_a_non_member_row_is_refused(
    rating_round, cell_a, members_a, hamlet_a, login, commune_staff
):
    other_cell = type(cell_a).objects.create(
        name="Chi bộ Khu 2", kind=cell_a.kind, committee=cell_a.committee, hamlet=hamlet_a
    )
    stranger = member_in(other_cell, "Đỗ Văn Lạ")
    data = grid_post(rating_round, [*members_a, stranger])

    response = login(commune_staff).post(cell_url(rating_round, cell_a), data)

    assert response.status_code == 400
    assert "không phải đảng viên của chi bộ" in response.text
    assert not Rating.objects.exists()


def test_propose_approve_lock_unlock(rating_round, cell_a, members_a, login, commune_staff):
    client = login(commune_staff)
    url = cell_url(rating_round, cell_a)
    client.post(url, grid_post(rating_round, members_a))

    assert client.post(url, {"action": "propose"}).status_code == 302
    assert Review.objects.get().status == ReviewStatus.PROPOSED
    assert client.post(url, {"action": "approve"}).status_code == 302
    assert Review.objects.get().status == ReviewStatus.APPROVED

    locked = client.get(url)
    assert not locked.context["editable"]
    assert "readonly" in locked.text and "Mở khóa" in locked.text
    refused = client.post(url, grid_post(rating_round, members_a, member_total=95))
    assert refused.status_code == 403
    assert "đã được phê duyệt và khóa" in refused.text
    assert set(Rating.objects.values_list("score", flat=True)) != {95}

    no_reason = client.post(url, {"action": "unlock", "reason": " "})
    assert no_reason.status_code == 400 and "Ghi lý do mở khóa" in no_reason.text
    assert client.post(url, {"action": "unlock", "reason": "Sai điểm"}).status_code == 302
    review = Review.objects.get()
    assert (review.status, review.unlock_reason) == (ReviewStatus.PROPOSED, "Sai điểm")


def test_the_hamlet_enters_but_does_not_approve(
    rating_round, cell_a, members_a, login, hamlet_staff, commune_staff
):
    saved_review(rating_round, cell_a, members_a, commune_staff)
    client = login(hamlet_staff)
    url = cell_url(rating_round, cell_a)
    assert client.get(url).context["editable"]
    assert client.post(url, {"action": "propose"}).status_code == 302
    assert client.post(url, {"action": "approve"}).status_code == 403
    assert Review.objects.get().status == ReviewStatus.PROPOSED


def test_an_officer_cannot_post(rating_round, cell_a, members_a, login, officer_a, commune_staff):
    review = saved_review(rating_round, cell_a, members_a, commune_staff)
    client = login(officer_a)
    url = cell_url(rating_round, cell_a)
    for data in (
        grid_post(rating_round, members_a, 95),
        {"action": "propose"},
        {"action": "approve"},
    ):
        assert client.post(url, data).status_code == 403
    upload = reverse("ratings-upload", args=[rating_round.pk, cell_a.pk])
    assert client.post(upload, {}).status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    assert {r.score for r in Rating.objects.filter(member__isnull=False)} == {80}


def test_another_commune_gets_404_on_every_url(
    rating_round, cell_a, members_a, login, commune_b_staff, officer_b
):
    urls = [
        round_url(rating_round),
        cell_url(rating_round, cell_a),
        reverse("ratings-template", args=[rating_round.pk, cell_a.pk]),
    ]
    for user in (commune_b_staff, officer_b):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        for data in (grid_post(rating_round, members_a), {"action": "approve"}):
            assert client.post(cell_url(rating_round, cell_a), data).status_code == 404
        upload = reverse("ratings-upload", args=[rating_round.pk, cell_a.pk])
        assert client.post(upload, {}).status_code == 404
        assert rating_round.name not in client.get(reverse("ratings-rounds")).text
    assert not Rating.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(rating_round, cell_a, client):
    response = client.get(cell_url(rating_round, cell_a))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_round_page_lists_cells_with_status_and_counts(
    rating_round, cell_a, members_a, login, commune_staff
):
    review = saved_review(rating_round, cell_a, members_a, commune_staff)
    propose(commune_staff, review)
    approve(commune_staff, review)

    response = login(commune_staff).get(round_url(rating_round))

    assert response.status_code == 200
    assert [(cell, r.status) for cell, r in response.context["rows"]] == [
        (cell_a, ReviewStatus.APPROVED)
    ]
    members_row = response.context["counts"][0]
    assert members_row[1] == [0, 3, 0, 0] and members_row[2:] == (3, 3)
    assert cell_url(rating_round, cell_a) in response.text
    list_url = reverse("dashboard-ratings-list", args=[rating_round.pk])
    assert list_url in response.text
    cell_page = login(commune_staff).get(cell_url(rating_round, cell_a)).text
    assert f"{list_url}?chi-bo={cell_a.pk}" in cell_page


def test_the_dashboard_links_to_the_rounds(login, officer_a, commune_a):
    response = login(officer_a).get(reverse("dashboard"))
    assert reverse("ratings-rounds") in response.text


@pytest.mark.parametrize("size", [3, 12])
def test_the_screen_costs_the_same_queries_whatever_the_size(
    rating_round, cell_a, login, commune_staff, django_assert_num_queries, size
):
    members = [member_in(cell_a, f"Nguyễn Văn Số {n}") for n in range(size)]
    saved_review(rating_round, cell_a, members, commune_staff)
    meeting = Meeting.objects.create(cell=cell_a, kind="thuong_ky", date=datetime.date(2025, 2, 1))
    meeting.record_attendance({m.pk: (AttendanceStatus.PRESENT, "") for m in members})
    client = login(commune_staff)

    with django_assert_num_queries(SCREEN_QUERIES):
        assert client.get(cell_url(rating_round, cell_a)).status_code == 200


@pytest.mark.parametrize("size", [3, 12])
def test_a_save_costs_the_same_queries_whatever_the_size(
    rating_round, cell_a, login, commune_staff, django_assert_num_queries, size
):
    members = [member_in(cell_a, f"Nguyễn Văn Số {n}") for n in range(size)]
    saved_review(rating_round, cell_a, members, commune_staff)
    client = login(commune_staff)
    data = grid_post(rating_round, members, 90)

    with django_assert_num_queries(SAVE_QUERIES):
        response = client.post(cell_url(rating_round, cell_a), data)
    assert response.status_code == 302


# Each with the disciplines decided in the period: the screen reads them to
# tick the veto, a save once in the grid and once in save_ratings.
SCREEN_QUERIES = 20
SAVE_QUERIES = 31
