"""The review through the API: criteria read, a cell's ratings written in
one POST through ratings.services (all or nothing, Vietnamese messages),
propose → approve → unlock as actions on the review, each refused with a
403 and the service's message to a level that may not take it, and
another place's user finding nothing."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.constants import Role
from ratings.constants import RatingLevel, ReviewStatus
from ratings.models import Rating, Review
from tests import factories
from tests.ratings.conftest import member_in

RATINGS = "/api/v1/ratings/"


def points(criteria_set, share):
    """Every item of `criteria_set` at `share` of its maximum."""
    return {str(c.pk): str(c.max_points * Decimal(share)) for c in criteria_set.criteria.all()}


def body(rating_round, cell, members, share="0.8", met=()):
    """Every member and the cell at `share` of the points, with the
    conditions of "tốt" ticked when `met`."""
    rows = [
        {
            "member": member.pk,
            "points": points(rating_round.member_criteria, share),
            "met": ["dung_han"] if met else [],
        }
        for member in members
    ]
    cell_row = {
        "member": None,
        "points": points(rating_round.cell_criteria, share),
        "met": ["dung_han", "cham_toi_da_20"] if met else [],
    }
    return {"round": rating_round.pk, "cell": cell.pk, "ratings": [*rows, cell_row]}


def test_staff_write_a_cells_ratings_in_one_post(
    api, rating_round, cell_a, members_a, commune_staff
):
    response = api(commune_staff).post(
        RATINGS, body(rating_round, cell_a, members_a, met=True), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 4
    assert response.json()["status"] == ReviewStatus.DRAFT
    levels = set(Rating.objects.filter(round=rating_round).values_list("level", flat=True))
    assert levels == {RatingLevel.GOOD}


def test_the_level_is_computed_with_its_reason_and_never_taken_from_the_body(
    api, rating_round, cell_a, members_a, commune_staff
):
    payload = body(rating_round, cell_a, members_a[:1], share="0.95")
    payload["ratings"] = payload["ratings"][:1]
    payload["ratings"][0].update(level="xuat_sac", score="100", vetoes=["bi_ky_luat"])

    response = api(commune_staff).post(RATINGS, payload, format="json")

    assert response.status_code == 201, response.json()
    listed = api(commune_staff).get(RATINGS, {"round": rating_round.pk}).json()["results"]
    (rating,) = listed
    assert rating["level"] == RatingLevel.FAILED
    assert Decimal(str(rating["score"])) == 95
    assert "phủ quyết" in rating["reason"]


def test_a_bad_row_writes_nothing_and_names_row_and_column(
    api, rating_round, cell_a, members_a, commune_staff
):
    payload = body(rating_round, cell_a, members_a)
    first_item = next(iter(payload["ratings"][1]["points"]))
    payload["ratings"][1]["points"][first_item] = "999"

    response = api(commune_staff).post(RATINGS, payload, format="json")

    assert response.status_code == 400
    (message,) = response.json()["non_field_errors"]
    assert message.startswith("Dòng 2, cột")
    assert "vượt quá điểm tối đa" in message
    assert not Rating.objects.exists()
    assert not Review.objects.exists()


def test_a_member_of_another_cell_is_refused(
    api, rating_round, cell_a, members_a, commune_staff, hamlet_a
):
    other_cell = factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 2")
    stranger = member_in(other_cell, "Hà Văn Lạ")

    response = api(commune_staff).post(
        RATINGS, body(rating_round, cell_a, [stranger]), format="json"
    )

    assert response.status_code == 400
    assert "không sinh hoạt ở chi bộ này" in response.json()["non_field_errors"][0]
    assert not Rating.objects.exists()


def test_a_member_outside_the_callers_scope_is_a_400_on_its_row(
    api, rating_round, cell_a, commune_staff, hamlet_b
):
    stranger = member_in(factories.CellFactory(hamlet=hamlet_b), "Lò Văn Xa")

    response = api(commune_staff).post(
        RATINGS, body(rating_round, cell_a, [stranger]), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"ratings": ["Dòng 1: không có đảng viên này trong phạm vi của bạn."]}


def test_a_cell_outside_the_rounds_commune_is_refused(api, rating_round, district_staff, hamlet_b):
    cell_b = factories.CellFactory(hamlet=hamlet_b)

    response = api(district_staff).post(RATINGS, body(rating_round, cell_b, []), format="json")

    assert response.status_code == 400
    assert "không thuộc" in response.json()["round"][0]
    assert not Review.objects.exists()


def test_an_officer_writes_nothing(api, rating_round, cell_a, members_a, officer_a):
    client = api(officer_a)

    response = client.post(RATINGS, body(rating_round, cell_a, members_a), format="json")

    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_another_communes_staff_find_nothing(
    api, rating_round, cell_a, members_a, commune_staff, commune_b_staff
):
    api(commune_staff).post(RATINGS, body(rating_round, cell_a, members_a), format="json")
    review = Review.objects.get()
    rating = Rating.objects.first()
    client = api(commune_b_staff)

    for url in (
        f"/api/v1/rating-rounds/{rating_round.pk}/",
        f"/api/v1/reviews/{review.pk}/",
        f"{RATINGS}{rating.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for step in ("propose", "approve", "unlock"):
        assert client.post(f"/api/v1/reviews/{review.pk}/{step}/").status_code == 404
    assert client.get(RATINGS).json()["count"] == 0
    written = client.post(RATINGS, body(rating_round, cell_a, members_a), format="json")
    assert written.status_code == 400  # the round and the cell are not theirs to name
    assert set(written.json()) == {"round", "cell"}


def test_propose_approve_unlock(api, rating_round, cell_a, members_a, commune_staff, hamlet_staff):
    cell = api(hamlet_staff)
    commune = api(commune_staff)
    cell.post(RATINGS, body(rating_round, cell_a, members_a, met=True), format="json")
    review = Review.objects.get()
    url = f"/api/v1/reviews/{review.pk}/"

    proposed = cell.post(f"{url}propose/")
    refused = cell.post(f"{url}approve/")
    approved = commune.post(f"{url}approve/")
    locked = cell.post(RATINGS, body(rating_round, cell_a, members_a), format="json")
    no_reason = commune.post(f"{url}unlock/", {"reason": " "}, format="json")
    unlocked = commune.post(f"{url}unlock/", {"reason": "Sai điểm"}, format="json")

    assert proposed.status_code == 200 and proposed.json()["status"] == ReviewStatus.PROPOSED
    assert refused.status_code == 403
    assert "phê duyệt" in refused.json()["detail"]
    assert approved.status_code == 200 and approved.json()["status"] == ReviewStatus.APPROVED
    assert locked.status_code == 403
    assert "đã được phê duyệt và khóa" in locked.json()["detail"]
    assert no_reason.status_code == 400
    assert no_reason.json() == {"non_field_errors": ["Ghi lý do mở khóa."]}
    assert unlocked.status_code == 200
    assert unlocked.json()["status"] == ReviewStatus.PROPOSED
    assert unlocked.json()["unlock_reason"] == "Sai điểm"


def test_propose_with_members_unrated_is_a_400_naming_them(
    api, rating_round, cell_a, members_a, hamlet_staff
):
    client = api(hamlet_staff)
    client.post(RATINGS, body(rating_round, cell_a, members_a[:1]), format="json")
    review = Review.objects.get()

    response = client.post(f"/api/v1/reviews/{review.pk}/propose/")

    assert response.status_code == 400
    assert "Lê Văn An" in response.json()["non_field_errors"][0]
    assert Review.objects.get().status == ReviewStatus.DRAFT


def test_an_officer_takes_no_step(api, rating_round, cell_a, members_a, commune_staff, officer_a):
    api(commune_staff).post(RATINGS, body(rating_round, cell_a, members_a), format="json")
    review = Review.objects.get()

    for step in ("propose", "approve"):
        assert api(officer_a).post(f"/api/v1/reviews/{review.pk}/{step}/").status_code == 403
    assert Review.objects.get().status == ReviewStatus.DRAFT


@pytest.mark.parametrize("step", ["propose", "approve", "unlock"])
def test_a_malformed_review_id_is_a_404(api, commune_staff, step):
    response = api(commune_staff).post(f"/api/v1/reviews/null,null/{step}/", {}, format="json")

    assert response.status_code == 404


def test_an_empty_batch_is_a_400_in_the_flat_shape(api, rating_round, cell_a, commune_staff):
    response = api(commune_staff).post(
        RATINGS, {"round": rating_round.pk, "cell": cell_a.pk, "ratings": []}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"ratings": ["Danh sách này không được để trống."]}


def test_a_malformed_row_is_named_by_number_and_field(
    api, rating_round, cell_a, members_a, commune_staff
):
    rows = body(rating_round, cell_a, members_a)
    rows["ratings"][1]["member"] = "hai"
    rows["ratings"][2]["points"] = "tám"
    rows["ratings"][3]["met"] = ["dung_han", {"ma": "x"}]

    response = api(commune_staff).post(RATINGS, rows, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "ratings": [
            "Dòng 2 — member: Cần một số nguyên hợp lệ.",
            "Dòng 3 — points: Cần một từ điển, nhận được kiểu “str”.",
            "Dòng 4 — met — mục 2: Không phải chuỗi ký tự hợp lệ.",
        ]
    }
    assert not Rating.objects.exists()


def test_reviews_are_not_created_directly(api, rating_round, cell_a, commune_staff):
    response = api(commune_staff).post(
        "/api/v1/reviews/", {"round": rating_round.pk, "cell": cell_a.pk}, format="json"
    )

    assert response.status_code == 405


def test_ratings_are_not_changed_or_deleted_one_by_one(
    api, rating_round, cell_a, members_a, commune_staff
):
    client = api(commune_staff)
    client.post(RATINGS, body(rating_round, cell_a, members_a), format="json")
    rating = Rating.objects.first()

    assert client.patch(f"{RATINGS}{rating.pk}/", {"level": "xuat_sac"}).status_code == 405
    assert client.delete(f"{RATINGS}{rating.pk}/").status_code == 405


def test_criteria_sets_list_their_items_adding_up_to_100(api, rating_round, officer_a):
    response = api(officer_a).get(f"/api/v1/criteria-sets/{rating_round.member_criteria_id}/")

    assert response.status_code == 200
    items = response.json()["criteria"]
    assert sum(Decimal(item["max_points"]) for item in items) == 100
    assert api(officer_a).post("/api/v1/criteria-sets/", {}).status_code in (403, 405)


def test_ratings_filter_by_round_cell_and_level(
    api, rating_round, cell_a, members_a, commune_staff
):
    client = api(commune_staff)
    client.post(RATINGS, body(rating_round, cell_a, members_a, met=True), format="json")

    good = client.get(RATINGS, {"round": rating_round.pk, "cell": cell_a.pk, "level": "tot"})
    excellent = client.get(RATINGS, {"level": "xuat_sac"})

    assert good.json()["count"] == 4
    assert excellent.json()["count"] == 0


def _cell_with(rating_round, hamlet, size):
    cell = factories.CellFactory(hamlet=hamlet)
    members = [member_in(cell, f"Đảng Viên {n}") for n in range(size)]
    return cell, members


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 500})
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()["count"]


@pytest.mark.parametrize("url", [RATINGS, "/api/v1/reviews/", "/api/v1/criteria-sets/"])
def test_a_list_costs_the_same_queries_for_few_and_many_rows(
    api, rating_round, hamlet_a, district_staff, url, django_assert_max_num_queries
):
    """Token with account and place, count, rows (+ the criteria of the sets)."""
    client = api(district_staff)
    writer = factories.UserFactory(username="xa", place=rating_round.place, role=Role.STAFF)
    cell, members = _cell_with(rating_round, hamlet_a, 4)
    api(writer).post(RATINGS, body(rating_round, cell, members), format="json")
    few, few_rows = _list_queries(client, url)

    for _ in range(5):
        cell, members = _cell_with(rating_round, hamlet_a, 8)
        api(writer).post(RATINGS, body(rating_round, cell, members), format="json")
    with django_assert_max_num_queries(4 if "criteria" in url else 3):
        many, many_rows = _list_queries(client, url)

    assert many == few
    assert many_rows >= few_rows


def test_a_cells_post_costs_the_same_queries_for_4_and_40_members(
    api, rating_round, hamlet_a, commune_staff
):
    client = api(commune_staff)
    ContentType.objects.get_for_models(Review, Rating)  # cached for the process, as in a server
    counts = []
    for size in (4, 40):
        cell, members = _cell_with(rating_round, hamlet_a, size)
        payload = body(rating_round, cell, members)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(RATINGS, payload, format="json")
        assert response.status_code == 201, response.json()
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1] == POST_QUERIES


# Token with account and place, two permission reads, the round, the cell, the
# members, the review (read, created, audited), save_ratings' 12 (with the
# disciplines decided in the period), and the savepoints of three nested
# transactions.
POST_QUERIES = 25
