"""Meetings through the API: attendance kept in step with the meeting's
counts, and the meeting filters."""

import datetime

from meetings.models import Meeting
from tests import factories

D = datetime.date


def test_attendance_marked_through_the_api_shows_on_the_meeting(api, district_staff, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a)
    meeting = Meeting.objects.create(cell=cell, kind="thuong_ky", date=D(2023, 3, 10))
    members = [factories.PartyMemberFactory(person__place=hamlet_a) for _ in range(3)]
    client = api(district_staff)

    for member, status in zip(members, ["co_mat", "co_mat", "vang_co_ly_do"], strict=True):
        response = client.post(
            "/api/v1/attendances/",
            {"meeting": meeting.pk, "member": member.pk, "status": status},
            format="json",
        )
        assert response.status_code == 201, response.json()

    body = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (body["present_count"], body["member_count"]) == (2, 3)
    assert len(body["attendances"]) == 3

    absent = body["attendances"][2]["id"]
    client.delete(f"/api/v1/attendances/{absent}/")
    body = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (body["present_count"], body["member_count"]) == (2, 2)


def test_a_meeting_is_created_with_its_duration_and_tags(api, district_staff, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a)
    body = {
        "cell": cell.pk,
        "kind": "ket_hop",
        "date": "2023-06-05",
        "start_time": "07:30:00",
        "end_time": "09:45:00",
        "tags": ["nong_thon_moi", "giam_ngheo"],
    }

    response = api(district_staff).post("/api/v1/meetings/", body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["duration_minutes"] == 135
    assert sorted(response.json()["tags"]) == ["giam_ngheo", "nong_thon_moi"]


def test_a_meeting_before_its_cell_was_founded_is_refused(api, district_staff, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a, founded_on=D(2020, 1, 1))
    body = {"cell": cell.pk, "kind": "thuong_ky", "date": "2019-05-05"}

    response = api(district_staff).post("/api/v1/meetings/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_meetings_filter_by_period_kind_and_place(api, district_staff, hamlet_a, hamlet_b):
    cell_a = factories.CellFactory(hamlet=hamlet_a)
    cell_b = factories.CellFactory(hamlet=hamlet_b)
    july = Meeting.objects.create(cell=cell_a, kind="thuong_ky", date=D(2023, 7, 10))
    thematic = Meeting.objects.create(cell=cell_a, kind="chuyen_de", date=D(2023, 8, 20))
    Meeting.objects.create(cell=cell_b, kind="thuong_ky", date=D(2023, 7, 12))
    Meeting.objects.create(cell=cell_a, kind="thuong_ky", date=D(2023, 10, 2))
    client = api(district_staff)

    def ids(**query):
        return {row["id"] for row in client.get("/api/v1/meetings/", query).json()["results"]}

    assert ids(period="2023-Q3", place="15001") == {july.pk, thematic.pk}
    assert ids(period="2023-Q3", place="15001", kind="chuyen_de") == {thematic.pk}
    assert len(ids(period="2023-07")) == 2
