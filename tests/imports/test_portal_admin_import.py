"""The portal's own admin lists carry the import: people, members, hamlets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cells.models import Person
from tests.imports.conftest import xlsx_bytes
from tests.imports.test_people import HEADERS, people_row

LISTS = ["person", "partymember", "place"]


@pytest.mark.parametrize("model", LISTS)
def test_staff_find_the_import_button_on_the_portal_lists(login, district_staff, model):
    client = login(district_staff)
    page = client.get(f"/admin/cells/{model}/").content.decode()
    assert "Nhập từ Excel" in page and f"/admin/cells/{model}/nhap-excel/" in page
    assert client.get(f"/admin/cells/{model}/nhap-excel/").status_code == 200


@pytest.mark.parametrize("model", LISTS)
def test_officers_get_no_button_and_403(login, officer_a, model):
    client = login(officer_a)
    assert "Nhập từ Excel" not in client.get(f"/admin/cells/{model}/").content.decode()
    assert client.get(f"/admin/cells/{model}/nhap-excel/").status_code == 403


def test_an_officer_posting_a_file_to_the_import_url_gets_403(login, officer_a, hamlet_a):
    client = login(officer_a)
    upload = SimpleUploadedFile("a.xlsx", xlsx_bytes([HEADERS, people_row()]))
    response = client.post("/admin/cells/person/nhap-excel/", {"file": upload})
    assert response.status_code == 403
    assert Person.objects.count() == 0


def test_staff_import_people_through_the_portal_admin(login, district_staff, hamlet_a):
    client = login(district_staff)
    upload = SimpleUploadedFile("a.xlsx", xlsx_bytes([HEADERS, people_row()]))
    token = client.post("/admin/cells/person/nhap-excel/", {"file": upload}).context["token"]
    response = client.post("/admin/cells/person/nhap-excel/", {"token": token}, follow=True)
    assert "Đã nhập 1 dòng" in response.content.decode()
    assert Person.objects.get().holdings.count() == 1
