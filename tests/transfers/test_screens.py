"""The admin list, the letter and the API of transfers, for every role:
district staff (both ends under them), staff and officers of the sending
and the receiving commune, a commune of another district, an anonymous
visitor; query counts pinned for the lists."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from transfers.models import Transfer
from transfers.services import save_transfer

from .conftest import member_in, transfer

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = "admin:transfers_transfer_changelist"
# session, account with its place, permissions, the communes of the filter, the
# date hierarchy, counts and the rows with member, person and both cells joined.
ADMIN_LIST_QUERIES = 11


@pytest.fixture
def moved(member, cell_a, cell_b):
    """A to B, presented 10 days late (the letter of 12/03, presented 20/04)."""
    return save_transfer(
        transfer(
            member,
            from_cell=cell_a,
            to_cell=cell_b,
            letter_number="15-GGT/ĐU",
            letter_date=D(2026, 3, 12),
            fees_paid_through=D(2026, 2, 1),
            presented_on=D(2026, 4, 20),
        )
    )


def api(user):
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize(
    "who,sees",
    [
        ("district_staff", True),
        ("staff_a", True),
        ("officer_a", True),
        ("staff_b", True),
        ("officer_b", True),
        ("officer_other", False),
        ("other_district_staff", False),
    ],
)
def test_the_list_shows_a_transfer_to_both_sides_only(request, login, moved, who, sees):
    user = request.getfixturevalue(who)
    page = login(user).get(reverse(LIST))
    assert page.status_code == 200
    assert ("Hà Văn Dũng" in page.content.decode()) is sees

    response = api(user).get("/api/v1/transfers/")
    assert response.status_code == 200
    assert response.json()["count"] == (1 if sees else 0)


def test_the_anonymous_visitor_gets_nothing(client, moved):
    assert client.get(reverse(LIST)).status_code == 302
    assert APIClient().get("/api/v1/transfers/").status_code in (401, 403)


def test_the_list_flags_the_late_presentation(login, district_staff, moved):
    page = login(district_staff).get(reverse(LIST)).content.decode()
    assert "11/04/2026 — quá hạn" in page

    late = login(district_staff).get(reverse(LIST), {"qua_han": "co"}).content.decode()
    on_time = login(district_staff).get(reverse(LIST), {"qua_han": "khong"}).content.decode()
    assert "Hà Văn Dũng" in late
    assert "Hà Văn Dũng" not in on_time


@pytest.mark.parametrize(
    "who,status", [("officer_a", 403), ("staff_b", 403), ("district_staff", 200)]
)
def test_only_staff_over_both_ends_change_it_through_the_api(request, moved, who, status):
    user = request.getfixturevalue(who)
    response = api(user).patch(
        f"/api/v1/transfers/{moved.pk}/", {"note": "Đã nhận hồ sơ"}, format="json"
    )
    assert response.status_code == status


def test_a_commune_records_a_transfer_out_of_the_portal_and_the_api_moves_nothing_else(
    member, cell_a, staff_a
):
    body = {
        "member": member.pk,
        "kind": "chinh_thuc",
        "from_cell": cell_a.pk,
        "moved_on": "2026-03-02",
        "requested_on": "2026-03-10",
    }
    refused = api(staff_a).post("/api/v1/transfers/", body, format="json")
    assert refused.status_code == 400
    assert "Chưa có nơi chuyển đến" in str(refused.json())
    assert not Transfer.objects.exists()

    body.update(to_outside="Đảng bộ Phường Hạc Thành", letter_date="2026-03-12")
    created = api(staff_a).post("/api/v1/transfers/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["request_due"] == "2026-05-28"
    assert member.cell_memberships.get().end_date == D(2026, 3, 12)


def test_a_commune_cannot_send_a_member_to_another_communes_cell(member, cell_a, cell_b, staff_a):
    body = {
        "member": member.pk,
        "kind": "chinh_thuc",
        "from_cell": cell_a.pk,
        "to_cell": cell_b.pk,
        "moved_on": "2026-03-02",
        "requested_on": "2026-03-10",
    }
    response = api(staff_a).post("/api/v1/transfers/", body, format="json")
    assert response.status_code == 400
    assert "to_cell" in response.json()


def test_the_api_filters(moved, district_staff, cell_a, cell_b):
    client = api(district_staff)
    assert client.get("/api/v1/transfers/", {"late": "true"}).json()["count"] == 1
    assert client.get("/api/v1/transfers/", {"late": "false"}).json()["count"] == 0
    assert client.get("/api/v1/transfers/", {"cell": cell_b.pk}).json()["count"] == 1
    assert client.get("/api/v1/transfers/", {"kind": "tam_thoi"}).json()["count"] == 0
    assert client.get("/api/v1/transfers/", {"status": "da_tiep_nhan"}).json()["count"] == 1
    assert client.get("/api/v1/transfers/", {"member": moved.member_id}).json()["count"] == 1
    row = client.get(f"/api/v1/transfers/{moved.pk}/").json()
    assert row["presentation_due"] == "2026-04-11"
    assert row["presentation_late"] is True
    assert row["request_late"] is False


def _many(cell_a, count):
    for number in range(count):
        member = member_in(cell_a, f"Lò Văn Số{number}")
        save_transfer(
            transfer(member, from_cell=cell_a, to_outside=f"Đảng bộ xã {number}"), validate=False
        )


def test_the_admin_list_and_the_api_list_cost_fixed_queries(login, district_staff, cell_a):
    _many(cell_a, 3)
    client = login(district_staff)
    token_client = api(district_staff)

    def count(fetch):
        with CaptureQueriesContext(connection) as queries:
            assert fetch().status_code == 200
        return len(queries)

    few_admin = count(lambda: client.get(reverse(LIST)))
    few_api = count(lambda: token_client.get("/api/v1/transfers/"))
    _many(cell_a, 20)
    assert count(lambda: client.get(reverse(LIST))) == few_admin
    assert count(lambda: token_client.get("/api/v1/transfers/")) == few_api
    assert few_api == 3  # token with account and place, count, rows
    assert few_admin == ADMIN_LIST_QUERIES


def test_the_letter_is_downloaded_by_both_sides_and_nobody_else(
    login, moved, officer_a, officer_b, officer_other
):
    url = reverse("admin:transfers_transfer_letter", args=[moved.pk])
    assert login(officer_other).get(url).status_code == 404
    response = login(officer_b).get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    text = " ".join(
        str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
    )
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 15-GGT/ĐU" in text
    assert "Sơn Lư, ngày 12 tháng 3 năm 2026" in text  # the sending committee's place
    assert "Hà Văn Dũng" in text
    assert "Chi bộ Khu 1" in text and "Chi bộ Bản Khuất" in text
    assert "Đã đóng đảng phí hết tháng 02/2026" in text
    assert "BÍ THƯ" in text
    assert login(officer_a).get(url).status_code == 200


def test_a_date_out_of_range_is_a_400_not_a_crash(member, cell_a, staff_a):
    body = {
        "member": member.pk,
        "kind": "tam_thoi",
        "reason": "khong_co",
        "from_cell": cell_a.pk,
        "to_outside": "Đảng bộ Phường Hạc Thành",
        "moved_on": "9999-12-31",
        "requested_on": "2026-03-10",
        "letter_date": "9999-12-31",
        "end_date": "9999-12-31",
    }
    response = api(staff_a).post("/api/v1/transfers/", body, format="json")

    assert response.status_code == 400
    assert {"moved_on", "letter_date", "reason"} <= set(response.json())
    assert not Transfer.objects.exists()
