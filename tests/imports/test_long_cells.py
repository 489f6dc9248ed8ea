"""A CSV cell longer than the csv module reads (131,072 characters): the
upload is refused with its row and column named, nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cells.models import Person
from core.imports.reading import Column, UploadError, read_table
from tests.imports.conftest import csv_bytes
from tests.imports.test_people import HEADERS, people_row

LONG = "x" * 200_000
COLUMNS = [Column("full_name", "Họ và tên", required=True), Column("note", "Ghi chú")]


def _read(rows):
    return read_table(io.BytesIO(csv_bytes(rows)), COLUMNS)


def test_it_names_the_row_and_the_column_of_the_overlong_cell():
    with pytest.raises(UploadError, match="Dòng 3, cột “Ghi chú”: ô dài quá 131.072 ký tự"):
        _read([["Họ và tên", "Ghi chú"], ["An", ""], ["Bình", LONG]])


def test_a_cell_outside_the_known_columns_is_named_by_its_position():
    with pytest.raises(UploadError, match="Dòng 2, cột “thứ 3”"):
        _read([["Họ và tên", "Ghi chú", "Khác"], ["An", "", LONG]])


def test_an_overlong_cell_in_the_title_block_is_refused_too():
    with pytest.raises(UploadError, match="Dòng 1, cột “thứ 1”"):
        _read([[LONG], ["Họ và tên"], ["An"]])


@pytest.mark.urls("tests.imports.urls")
def test_the_people_import_shows_the_error_and_writes_nothing(login, district_staff, hamlet_a):
    content = csv_bytes([HEADERS, people_row(), people_row(**{"Điện thoại": LONG})])
    response = login(district_staff).post(
        "/admin/cells/person/nhap-excel/", {"file": SimpleUploadedFile("danh-sach.csv", content)}
    )
    assert response.status_code == 200
    assert "Dòng 3, cột “Điện thoại”: ô dài quá 131.072 ký tự" in response.content.decode()
    assert Person.objects.count() == 0
