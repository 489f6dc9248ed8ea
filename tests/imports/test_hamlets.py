"""Importing hamlets and their party cells."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.imports.hamlets import COLUMNS, HamletImport
from cells.models import Cell, PartyCommittee, Place
from core.imports.reading import ImportFailed
from tests.imports.conftest import xlsx_bytes

HEADERS = [column.header for column in COLUMNS]


def run(user, rows):
    return HamletImport(user).run(xlsx_bytes([HEADERS, *rows]))


def record_counts():
    return Place.objects.count(), Cell.objects.count(), PartyCommittee.objects.count()


def errors_of(user, rows):
    before = record_counts()
    with pytest.raises(ImportFailed) as failure:
        run(user, rows)
    assert record_counts() == before, "an import with a bad row wrote something"
    return [(error.row, error.column, error.message) for error in failure.value.errors]


def test_it_creates_hamlets_under_their_commune_with_cells(district_staff, commune_a):
    run(
        district_staff,
        [
            ["15001", "Bản Na Hồ", "Bản", "01/01/2020", "Chi bộ bản Na Hồ"],
            ["15001", "Tổ dân phố 3", "", 43831, "có"],
            ["15001", " Khu  5 ", "khu phố", "", ""],
        ],
    )
    na_ho = Place.objects.get(name="Bản Na Hồ")
    assert (na_ho.parent, na_ho.kind, na_ho.valid_from) == (
        commune_a,
        "ban",
        datetime.date(2020, 1, 1),
    )
    assert na_ho.path == f"{commune_a.path}{na_ho.pk}/"
    assert na_ho.search_name == "ban na ho"
    assert Place.objects.in_scope(district_staff).filter(name="Khu 5").exists()
    tdp = Place.objects.get(name="Tổ dân phố 3")
    assert tdp.kind == "to_dan_pho"
    assert tdp.cells.get().name == "Chi bộ tổ dân phố 3"
    cell = na_ho.cells.get()
    assert (cell.name, cell.kind, cell.committee.place) == ("Chi bộ bản Na Hồ", "ban", commune_a)
    assert PartyCommittee.objects.count() == 1
    assert not Place.objects.get(name="Khu 5").cells.exists()


def test_it_rejects_a_hamlet_already_recorded_and_a_duplicate_row(district_staff, hamlet_a):
    errors = errors_of(
        district_staff,
        [
            ["15001", "Khu 1", "Khu phố", "", ""],
            ["15001", "Bản Mới", "", "", ""],
            ["15001", "bản mới", "", "", ""],
        ],
    )
    assert [(row, column) for row, column, _message in errors] == [(2, "Tên thôn"), (4, "Tên thôn")]
    assert "đã có thôn" in errors[0][2] and "dòng 3" in errors[1][2]


def test_it_rejects_a_commune_outside_the_users_scope(district_staff, commune_other_district):
    errors = errors_of(district_staff, [["15700", "Thôn 9", "Thôn", "", ""]])
    assert errors == [(2, "Mã xã", "Xã mã 15700 ngoài phạm vi quản lý của bạn.")]


def test_it_rejects_an_unknown_kind_and_a_bad_date(district_staff, commune_a):
    errors = errors_of(
        district_staff,
        [["15001", "Na Hồ", "Phum", "", ""], ["15001", "Na Mèo", "Bản", "32/01/2020", ""]],
    )
    assert [(row, column) for row, column, _message in errors] == [
        (2, "Loại"),
        (3, "Ngày thành lập"),
    ]


def test_it_issues_the_same_number_of_queries_for_10_and_100_rows(
    district_staff, commune_a, django_assert_num_queries
):
    def rows(first, count):
        return [["15001", f"Bản {n}", "Bản", "", "có"] for n in range(first, first + count)]

    run(district_staff, rows(0, 10))  # warm the caches
    with CaptureQueriesContext(connection) as ten_rows:
        run(district_staff, rows(10, 10))
    with django_assert_num_queries(len(ten_rows.captured_queries)):
        run(district_staff, rows(20, 100))
    assert Cell.objects.count() == 120
