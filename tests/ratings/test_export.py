"""The rating list as .xlsx: the document format's header and signature
blocks, sections and Vietnamese name order, formula safety, scope, the audit
entry and a query count that does not grow with the list."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests import factories
from tests.ratings.conftest import member_in
from tests.ratings.helpers import rate_cell


@pytest.fixture
def reviewed(rating_round, cell_a, members_a, commune_staff):
    return rate_cell(commune_staff, rating_round, cell_a, members_a, failed=[members_a[0]])


def url(rating_round, **params):
    path = reverse("dashboard-ratings-list", args=[rating_round.pk])
    return path + "".join(f"?{key}={value}" for key, value in params.items())


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).active


def texts(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_commune_list_is_in_the_document_format(reviewed, rating_round, login, officer_a):
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()

    sheet = sheet_of(login(officer_a).get(url(rating_round)))

    rows = texts(sheet)
    assert rows[0][0].startswith("ĐẢNG ỦY ") and rows[0][0].isupper()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in rows[0]
    assert rows[2][0] == "DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG"
    assert "01/01/2025" in rows[3][0] and "31/12/2025" in rows[3][0]
    header = rows.index(
        [
            "STT",
            "Họ và tên",
            "Chi bộ",
            "Đảng viên dự bị / miễn sinh hoạt",
            "Điểm",
            "Xếp loại",
            "Căn cứ xếp loại",
        ]
    )
    body = rows[header + 1 : header + 7]
    assert body[0][0] == "I. TẬP THỂ"
    assert body[1][:3] == [1, "Chi bộ Khu 1", "Chi bộ Khu 1"]
    assert body[2][0] == "II. CÁ NHÂN"
    # Vietnamese order: An, Bình, Chi; numbered from 1 in each section.
    assert [row[:2] for row in body[3:]] == [
        [1, "Lê Văn An"],
        [2, "Phạm Văn Bình"],
        [3, "Trần Thị Chi"],
    ]
    assert [row[3] for row in body[3:]] == ["Dự bị", "Miễn sinh hoạt", ""]
    assert body[3][4] == 80 and body[3][5] == "Hoàn thành tốt nhiệm vụ" and body[3][6]
    assert body[5][5] == "Không hoàn thành nhiệm vụ"
    # The signature block closes the list.
    tail = [value for row in rows[header + 7 :] for value in row if value]
    assert tail == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    assert sheet.print_title_rows == f"${header + 1}:${header + 1}"
    after = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    assert after == before + 1


def test_a_cells_list_is_the_cells_alone(
    reviewed, rating_round, cell_a, hamlet_a, commune_staff, login, officer_a
):
    other = factories.CellFactory(hamlet=factories.HamletFactory(parent=hamlet_a.parent))
    rate_cell(commune_staff, rating_round, other, [member_in(other, "Vũ Văn Dũng")])

    rows = texts(sheet_of(login(officer_a).get(url(rating_round, **{"chi-bo": cell_a.pk}))))

    names = [row[1] for row in rows if isinstance(row[0], int)]
    assert names == ["Chi bộ Khu 1", "Lê Văn An", "Phạm Văn Bình", "Trần Thị Chi"]
    assert rows[0][0] == "CHI BỘ KHU 1"
    assert "T/M CHI ỦY" in [value for row in rows for value in row]


def test_a_name_that_looks_like_a_formula_stays_text(
    rating_round, cell_a, commune_staff, login, officer_a
):
    hostile = member_in(cell_a, '=HYPERLINK("http://x","y")')
    rate_cell(commune_staff, rating_round, cell_a, [hostile])

    sheet = sheet_of(login(officer_a).get(url(rating_round)))

    name = hostile.person.full_name
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_another_commune_and_anonymous_visitors_get_nothing(
    reviewed, rating_round, cell_a, hamlet_b, login, officer_a, officer_b, client
):
    assert client.get(url(rating_round)).status_code == 302  # to the login page
    assert login(officer_b).get(url(rating_round)).status_code == 404
    cell_b = factories.CellFactory(hamlet=hamlet_b)
    officer = login(officer_a)
    assert officer.get(url(rating_round, **{"chi-bo": cell_b.pk})).status_code == 404
    assert officer.get(url(rating_round, **{"chi-bo": "x"})).status_code == 404
    assert officer.post(url(rating_round)).status_code == 405


def test_the_dashboard_links_the_list(reviewed, rating_round, commune_a, login, officer_a):
    response = login(officer_a).get(
        reverse("dashboard-place", args=[commune_a.code]), {"date": "2025-12-31"}
    )
    assert url(rating_round) in response.content.decode()


def queries_for(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        b"".join(response.streaming_content)
    return len(captured.captured_queries)


def test_the_list_takes_the_same_queries_whatever_its_length(
    reviewed, rating_round, cell_a, hamlet_a, commune_staff, login, officer_a
):
    client = login(officer_a)
    small = queries_for(client, url(rating_round))
    other = factories.CellFactory(hamlet=factories.HamletFactory(parent=hamlet_a.parent))
    members = [member_in(other, f"Nguyễn Văn Số {index}") for index in range(8)]
    rate_cell(commune_staff, rating_round, other, members)

    assert queries_for(client, url(rating_round)) == small
    assert small == EXPORT_QUERIES


# Measured: the session, the user, their place, their permissions (two: the
# user's own and their groups'), the round, the rows in one query, the audit
# entry (one insert).
EXPORT_QUERIES = 8
