"""The "Nhập từ Excel" pages: upload, errors or preview, confirm."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cells.imports.people import COLUMNS
from cells.models import Holding, Person
from tests.imports.conftest import xlsx_bytes
from tests.imports.test_people import HEADERS, people_row

pytestmark = pytest.mark.urls("tests.imports.urls")

IMPORT_URL = "/admin/cells/person/nhap-excel/"
LIST_URL = "/admin/cells/person/"


def upload(client, rows, name="danh-sach.xlsx"):
    content = xlsx_bytes([HEADERS, *rows])
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def staff_client(login, district_staff, hamlet_a, cell_a):
    return login(district_staff)


def test_staff_see_the_import_button_on_the_list(staff_client):
    page = staff_client.get(LIST_URL).content.decode()
    assert "Nhập từ Excel" in page and IMPORT_URL in page


def test_officers_see_no_button_and_get_403_on_every_import_url(login, officer_a, hamlet_a):
    client = login(officer_a)
    assert "Nhập từ Excel" not in client.get(LIST_URL).content.decode()
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(IMPORT_URL + "mau.xlsx").status_code == 403
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes([HEADERS, people_row()]))}
    )
    assert response.status_code == 403
    assert client.post(IMPORT_URL, {"token": "abc"}).status_code == 403
    assert Person.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_upload_with_errors_lists_each_row_and_column_and_writes_nothing(staff_client):
    response = upload(
        staff_client,
        [people_row(), people_row(**{"Họ và tên": "Hà Văn Bình", "Ngày sinh": "31/13/1980"})],
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có dòng nào được ghi" in page
    assert "<td>3</td><td>Ngày sinh</td>" in page
    assert Person.objects.count() == 0


def test_a_hostile_file_gives_a_clear_error_on_the_form(staff_client):
    response = staff_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("anh.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100))}
    )
    assert "không phải bảng tính" in response.content.decode()


def test_a_good_upload_shows_a_preview_then_confirming_writes_every_row(staff_client):
    response = upload(staff_client, [people_row()])
    page = response.content.decode()
    assert "Xác nhận nhập" in page and "Lò Văn Un" in page
    assert Person.objects.count() == 0
    token = response.context["token"]
    response = staff_client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert Holding.objects.get().person.full_name == "Lò Văn Un"
    # The staged file is gone: confirming twice writes nothing more.
    staff_client.post(IMPORT_URL, {"token": token})
    assert Person.objects.count() == 1


def test_a_token_of_another_session_is_refused(staff_client, login, other_district_staff):
    token = upload(staff_client, [people_row()]).context["token"]
    other = login(other_district_staff)
    other.post(IMPORT_URL, {"token": token})
    assert Person.objects.count() == 0


def test_the_template_workbook_has_the_headers(staff_client):
    response = staff_client.get(IMPORT_URL + "mau.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.active[1]] == [c.header for c in COLUMNS]


@pytest.mark.parametrize("model", ["place", "partymember"])
def test_hamlet_and_member_imports_have_their_pages(staff_client, model):
    assert staff_client.get(f"/admin/cells/{model}/nhap-excel/").status_code == 200
