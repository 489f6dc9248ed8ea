"""Importing party members into their cells."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.imports.members import COLUMNS, MemberImport
from cells.models import CellMembership, PartyMember, Person
from core.imports.reading import ImportFailed
from tests import factories
from tests.imports.conftest import xlsx_bytes

HEADERS = [column.header for column in COLUMNS]


def member_row(**values):
    defaults = {
        "Họ và tên": "Lò Văn Un",
        "Giới tính": "Nam",
        "Ngày sinh": "05/03/1970",
        "Số CCCD": "",
        "Mã xã": "15001",
        "Thôn": "Khu 1",
        "Chi bộ": "",
        "Số thẻ đảng viên": "",
        "Ngày vào Đảng": "19/05/1995",
        "Ngày chính thức": "19/05/1996",
    }
    defaults.update(values)
    return [defaults[header] for header in HEADERS]


def run(user, rows):
    return MemberImport(user).run(xlsx_bytes([HEADERS, *rows]))


def record_counts():
    return Person.objects.count(), PartyMember.objects.count(), CellMembership.objects.count()


def errors_of(user, rows):
    before = record_counts()
    with pytest.raises(ImportFailed) as failure:
        run(user, rows)
    assert record_counts() == before, "an import with a bad row wrote something"
    return [(error.row, error.column, error.message) for error in failure.value.errors]


def test_it_creates_members_in_the_cell_of_their_hamlet_or_the_named_cell(
    district_staff, hamlet_a, cell_a, commune_a
):
    school = factories.CellFactory(
        hamlet=None, committee=cell_a.committee, kind="truong_hoc", name="Chi bộ Trường THCS"
    )
    known = factories.PersonFactory(
        full_name="Hà Thị Lan", citizen_id="038180000001", place=hamlet_a
    )
    run(
        district_staff,
        [
            member_row(**{"Số thẻ đảng viên": "38.001234"}),
            member_row(
                **{
                    "Họ và tên": "Hà Thị Lan",
                    "Số CCCD": "038180000001",
                    "Thôn": "",
                    "Chi bộ": "Trường THCS",
                    "Ngày vào Đảng": datetime.datetime(2010, 2, 3),
                    "Ngày chính thức": "",
                }
            ),
        ],
    )
    un = PartyMember.objects.get(card_number="38.001234")
    assert (un.person.full_name, un.person.place) == ("Lò Văn Un", hamlet_a)
    assert un.full_member_on == datetime.date(1996, 5, 19)
    assert un.cell_memberships.get().cell == cell_a
    assert un.cell_memberships.get().start_date == datetime.date(1995, 5, 19)
    lan = PartyMember.objects.get(person=known)
    assert lan.cell_memberships.get().cell == school
    assert record_counts() == (2, 2, 2)


def test_it_rejects_a_person_already_a_member(district_staff, hamlet_a, cell_a):
    factories.PartyMemberFactory(
        person__full_name="Lò Văn Un", person__citizen_id="038070001234", person__place=hamlet_a
    )
    [(row, column, message)] = errors_of(
        district_staff, [member_row(**{"Số CCCD": "038070001234"})]
    )
    assert (row, column) == (2, "Họ và tên") and "đã là đảng viên" in message


def test_it_rejects_a_card_number_twice_and_a_person_twice(district_staff, cell_a):
    errors = errors_of(
        district_staff,
        [
            member_row(**{"Số thẻ đảng viên": "A1"}),
            member_row(**{"Họ và tên": "Hà Văn Bình", "Số thẻ đảng viên": "A1"}),
            member_row(**{"Số thẻ đảng viên": "A2"}),
        ],
    )
    assert errors == [
        (3, "Số thẻ đảng viên", "Số thẻ trùng với dòng 2."),
        (4, "Họ và tên", "Trùng với dòng 2."),
    ]


def test_it_rejects_an_unknown_cell_and_a_full_membership_before_admission(district_staff, cell_a):
    errors = errors_of(
        district_staff,
        [
            member_row(**{"Chi bộ": "Chi bộ Bệnh viện"}),
            member_row(**{"Họ và tên": "Hà Văn Bình", "Ngày chính thức": "01/01/1990"}),
        ],
    )
    assert [(row, column) for row, column, _message in errors] == [
        (2, "Chi bộ"),
        (3, "Ngày chính thức"),
    ]


def test_it_rejects_a_hamlet_of_another_district(district_staff, hamlet_other_district):
    [(row, column, _message)] = errors_of(
        district_staff, [member_row(**{"Mã xã": "15700", "Thôn": "Thôn 5"})]
    )
    assert (row, column) == (2, "Mã xã")


def test_it_issues_the_same_number_of_queries_for_10_and_100_rows(
    district_staff, cell_a, django_assert_num_queries
):
    def rows(first, count):
        return [
            member_row(**{"Số CCCD": f"038{n:09d}", "Số thẻ đảng viên": f"T{n}"})
            for n in range(first, first + count)
        ]

    run(district_staff, rows(0, 10))  # warm the caches
    with CaptureQueriesContext(connection) as ten_rows:
        run(district_staff, rows(10, 10))
    with django_assert_num_queries(len(ten_rows.captured_queries)):
        run(district_staff, rows(20, 100))
    assert CellMembership.objects.filter(cell=cell_a).count() == 120


def test_a_citizen_id_recorded_in_another_district_is_refused_as_a_malformed_one_is(
    district_staff, hamlet_a, cell_a, hamlet_other_district
):
    factories.PersonFactory(
        full_name="Lò Văn Un", citizen_id="038070001234", place=hamlet_other_district
    )

    recorded = errors_of(district_staff, [member_row(**{"Số CCCD": "038070001234"})])
    malformed = errors_of(district_staff, [member_row(**{"Số CCCD": "999070001234"})])

    assert (
        recorded
        == malformed
        == [(2, "Số CCCD", "Số CCCD không hợp lệ hoặc không dùng được cho đơn vị này.")]
    )
