"""The data-quality page and its .xlsx export: read by staff and officers of
the place, a 404 for another commune, a province reads its communes; a fixed
number of queries whatever the size."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cells.constants import Role
from cells.quality import RULE_CODES
from tests import factories

from .conftest import member_in

pytestmark = pytest.mark.django_db

PAGE = reverse("dashboard-quality")
DATE = {"date": "2026-06-30"}


def page_of(code):
    return reverse("dashboard-quality-place", args=[code])


def export_of(code):
    return reverse("dashboard-quality-place-export", args=[code])


@pytest.fixture
def commune_staff(commune_a):
    return factories.UserFactory(username="xa-son-lu", place=commune_a, role=Role.STAFF)


@pytest.fixture
def province_staff(province):
    return factories.UserFactory(username="tinh-thanh-hoa", place=province, role=Role.STAFF)


def totals(response):
    return {result.code: result.total for result in response.context["results"]}


@pytest.mark.parametrize("user", ["officer_a", "commune_staff"])
def test_staff_and_officers_of_the_commune_read_it(register, login, request, user):
    client = login(request.getfixturevalue(user))

    for path in (PAGE, page_of("15001")):
        response = client.get(path, DATE)
        assert response.status_code == 200
        assert totals(response)["without_cell"] == 3
        html = response.content.decode()
        assert "Quàng Văn Lạc" in html and "Vi Văn Trùng" not in html


def test_another_commune_gets_404(register, login, officer_b):
    client = login(officer_b)

    assert client.get(page_of("15001"), DATE).status_code == 404
    assert client.get(export_of("15001"), DATE).status_code == 404
    own = client.get(PAGE, DATE)
    assert "Quàng Văn Lạc" not in own.content.decode()


def test_another_district_gets_404(register, login, other_district_staff):
    client = login(other_district_staff)

    assert client.get(page_of("387"), DATE).status_code == 404
    assert client.get(page_of("15001"), DATE).status_code == 404


@pytest.mark.parametrize("code", ["38", "387"])
def test_the_province_and_the_district_read_their_communes(register, login, province_staff, code):
    response = login(province_staff).get(page_of(code), DATE)

    assert response.status_code == 200
    assert totals(response)["officer_not_member"] == 3
    html = response.content.decode()
    assert "Sầm Văn Bản Din" in html and "Sầm Văn Ngoài" in html


def test_anonymous_is_sent_to_login(register, client):
    for path in (PAGE, export_of("15001")):
        response = client.get(path)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_wrong_method(register, login, officer_a):
    client = login(officer_a)

    assert client.post(page_of("15001")).status_code == 405
    assert client.post(export_of("15001")).status_code == 405


def test_a_bad_date_shows_an_error_and_today(register, login, officer_a):
    response = login(officer_a).get(PAGE, {"date": "31/02/2026"})

    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_dashboard_links_to_it(register, login, officer_a):
    response = login(officer_a).get(reverse("dashboard"), DATE)

    assert f'href="{page_of("15001")}?date=2026-06-30"' in response.content.decode()


def open_export(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).active


def rows_of(sheet):
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_has_every_finding_under_its_rule(register, login, officer_a):
    response = login(officer_a).get(export_of("15001"), DATE)

    assert (
        'filename="chat-luong-du-lieu-thi-tran-son-lu-20260630.xlsx"'
        in (response["Content-Disposition"])
    )
    rows = rows_of(open_export(response))
    assert rows[0][0] == "THỊ TRẤN SƠN LƯ" and rows[0][4] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    header = rows.index(
        (
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Xã, phường",
            "Thôn, tổ dân phố",
            "Chi bộ",
            "Nội dung cần kiểm tra",
        )
    )
    listed = [row for row in rows[header + 1 :] if isinstance(row[0], int)]
    assert len(listed) == 17
    section = rows.index(("Đảng viên không sinh hoạt ở chi bộ nào", *[None] * 6))
    assert [row[1] for row in rows[section + 1 : section + 4]] == [
        "Quàng Văn Cũ",
        "Quàng Văn Lạc",
        "Quàng Thị Sau",
    ]
    assert rows[section + 1][0] == 1 and rows[section + 1][5] == "Chi bộ cũ"
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data["rows"] == 17


def test_the_export_without_the_party_header(register, login, officer_a):
    response = login(officer_a).get(export_of("15001"), {**DATE, "tieu-de": "0"})

    rows = rows_of(open_export(response))
    assert rows[0][:2] == ("STT", "Họ và tên")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in {cell for row in rows for cell in row}


def test_another_communes_export_lists_only_its_own(register, login, officer_b):
    rows = rows_of(open_export(login(officer_b).get(PAGE.rstrip("/") + "/xlsx/", DATE)))

    names = {row[1] for row in rows if isinstance(row[0], int)}
    assert names == {"Vi Văn Trùng", "Sầm Văn Bản Din"}


# Session and user, the user's place (whether it is in force) and
# permissions (two), the place asked for, then one query per rule; the
# export writes its audit entry (one) besides.
PAGE_QUERIES = 2 + 1 + 2 + 1 + len(RULE_CODES)


@pytest.mark.parametrize("path", [page_of("15001"), export_of("15001")])
def test_a_fixed_number_of_queries_whatever_the_size(
    register, login, officer_a, django_assert_num_queries, path
):
    client = login(officer_a)
    expected = PAGE_QUERIES + (1 if path.endswith("xlsx/") else 0)
    with django_assert_num_queries(expected):
        client.get(path, DATE)
    for number in range(20):
        member_in(register["cell_a"], f"Lò Văn Thêm {number}", person={"citizen_id": None})
        member_in(None, f"Lò Thị Lạc {number}", hamlet=register["cell_a"].hamlet)

    with django_assert_num_queries(expected):
        response = client.get(path, DATE)
    assert response.status_code == 200


def test_the_admin_index_links_to_it(login, district_staff):
    html = login(district_staff).get(reverse("admin:index")).content.decode()

    assert f'href="{PAGE}"' in html
