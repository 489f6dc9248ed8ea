"""Importing people with the posts they hold."""

import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.imports.people import COLUMNS, PeopleImport
from cells.models import Holding, Person, Post
from core.imports.reading import ImportFailed
from tests import factories
from tests.imports.conftest import csv_bytes, xlsx_bytes

HEADERS = [column.header for column in COLUMNS]


def people_row(**values):
    defaults = {
        "Họ và tên": "Lò Văn Un",
        "Giới tính": "Nam",
        "Ngày sinh": "05/03/1970",
        "Số CCCD": "",
        "Điện thoại": "",
        "Mã xã": "15001",
        "Thôn": "Khu 1",
        "Chức danh": "Trưởng khu phố",
        "Từ ngày": "01/07/2020",
        "Đến ngày": "",
        "Nhiệm kỳ": "",
        "Số quyết định": "",
        "Ngày quyết định": "",
    }
    defaults.update(values)
    if not defaults["Chức danh"] and "Từ ngày" not in values:
        defaults["Từ ngày"] = ""
    return [defaults[header] for header in HEADERS]


def run(user, rows, *, commit=True, maker=xlsx_bytes):
    return PeopleImport(user).run(maker([HEADERS, *rows]), commit=commit)


def record_counts():
    return Person.objects.count(), Post.objects.count(), Holding.objects.count()


def errors_of(user, rows):
    before = record_counts()
    with pytest.raises(ImportFailed) as failure:
        run(user, rows)
    assert record_counts() == before, "an import with a bad row wrote something"
    return [(error.row, error.column, error.message) for error in failure.value.errors]


@pytest.fixture
def staff(district_staff, hamlet_a, cell_a, term_2020):
    return district_staff


def test_it_creates_people_posts_and_holdings(staff, hamlet_a, cell_a, term_2020):
    summary = run(
        staff,
        [
            people_row(
                **{
                    "Họ và tên": "Lò Văn Un",
                    "Số CCCD": "038070001234",
                    "Chức danh": "Bí thư chi bộ",
                    "Nhiệm kỳ": "2020-2025",
                    "Số quyết định": " 12-QĐ/ĐU ",
                    "Ngày quyết định": "30/06/2020",
                }
            ),
            people_row(**{"Họ và tên": "Lò Văn Un", "Số CCCD": "038070001234"}),
            people_row(**{"Họ và tên": "Hà Thị Lan", "Giới tính": "Nữ", "Chức danh": ""}),
        ],
    )
    assert summary.written
    un = Person.objects.get(citizen_id="038070001234")
    assert (un.place, un.sex, un.birth_date) == (hamlet_a, "nam", datetime.date(1970, 3, 5))
    secretary = un.holdings.get(post__post_type__code="bi_thu")
    assert secretary.post.cell == cell_a
    assert secretary.term == term_2020
    assert secretary.decision_number == "12-QĐ/ĐU"
    assert secretary.decision_date == datetime.date(2020, 6, 30)
    assert secretary.exclusive is True
    assert un.holdings.count() == 2  # kiêm nhiệm: secretary and hamlet chief
    assert Person.objects.get(full_name="Hà Thị Lan").holdings.count() == 0
    assert record_counts() == (2, 2, 2)


def test_a_dry_run_writes_nothing_and_counts_what_would_be_written(staff):
    summary = run(staff, [people_row()], commit=False)
    assert not summary.written
    assert list(summary.counts.values()) == [1, 1, 1]
    assert record_counts() == (0, 0, 0)


def test_it_reuses_an_existing_post_and_a_known_person(staff, hamlet_a):
    post = factories.HamletPostFactory(place=hamlet_a)
    person = factories.PersonFactory(
        full_name="Lò Văn Un", citizen_id="038070001234", place=hamlet_a
    )
    factories.HoldingFactory(
        person=person,
        post=post,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2020, 6, 30),
    )
    run(staff, [people_row(**{"Số CCCD": "038070001234"})])
    assert record_counts() == (1, 1, 2)


def test_it_cleans_nfd_names_and_stray_spaces(staff):
    name = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hạnh ")
    run(staff, [people_row(**{"Họ và tên": name, "Giới tính": "nữ"})])
    person = Person.objects.get()
    assert person.full_name == "Nguyễn Thị Hạnh"
    assert person.search_name == "nguyen thi hanh"


def test_it_reads_excel_dates_and_serial_numbers(staff):
    run(
        staff,
        [people_row(**{"Ngày sinh": datetime.datetime(1970, 3, 5), "Từ ngày": 44013})],
    )
    holding = Holding.objects.get()
    assert holding.start_date == datetime.date(2020, 7, 1)
    assert holding.person.birth_date == datetime.date(1970, 3, 5)


def test_it_reads_a_csv_file(staff):
    run(staff, [people_row()], maker=csv_bytes)
    assert record_counts() == (1, 1, 1)


def test_it_rejects_an_import_with_a_bad_date(staff):
    rows = [
        people_row(),
        people_row(**{"Họ và tên": "Hà Văn Bình", "Ngày sinh": "31/02/1971", "Chức danh": ""}),
    ]
    assert errors_of(staff, rows) == [
        (3, "Ngày sinh", "“31/02/1971” không phải ngày hợp lệ (ghi theo dd/mm/yyyy).")
    ]


def test_it_rejects_an_unknown_commune_and_hamlet(staff):
    errors = errors_of(
        staff,
        [people_row(**{"Mã xã": "99999"}), people_row(**{"Thôn": "Khu 9", "Chức danh": ""})],
    )
    assert [(row, column) for row, column, _message in errors] == [(2, "Mã xã"), (3, "Thôn")]
    assert "99999" in errors[0][2] and "Khu 9" in errors[1][2]


def test_it_rejects_a_commune_of_another_district(staff, hamlet_other_district):
    errors = errors_of(staff, [people_row(**{"Mã xã": "15700", "Thôn": "Thôn 5"})])
    assert errors == [(2, "Mã xã", "Xã mã 15700 ngoài phạm vi quản lý của bạn.")]


def test_it_rejects_an_unknown_post_type_and_term(staff):
    errors = errors_of(staff, [people_row(**{"Chức danh": "Trưởng họ", "Nhiệm kỳ": "2030-2035"})])
    assert [(row, column) for row, column, _message in errors] == [
        (2, "Chức danh"),
        (2, "Nhiệm kỳ"),
    ]


def test_it_rejects_two_overlapping_holders_of_a_single_seat_post_in_the_file(staff):
    errors = errors_of(
        staff,
        [people_row(), people_row(**{"Họ và tên": "Hà Văn Bình", "Từ ngày": "01/01/2022"})],
    )
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (3, "Từ ngày") and "dòng 2" in message


def test_it_rejects_a_holding_overlapping_one_recorded(staff, hamlet_a):
    factories.HoldingFactory(
        person__full_name="Hà Văn Bình",
        post=factories.HamletPostFactory(place=hamlet_a),
        start_date=datetime.date(2019, 1, 1),
    )
    [(row, column, message)] = errors_of(staff, [people_row()])
    assert (row, column) == (2, "Từ ngày")
    assert "Hà Văn Bình" in message and "01/01/2019" in message


def test_it_rejects_the_same_holding_twice_in_the_file(staff):
    errors = errors_of(staff, [people_row(), people_row()])
    assert [(row, column) for row, column, _message in errors] == [(3, "Từ ngày")]
    assert "dòng 2" in errors[0][2]


def test_it_rejects_one_citizen_id_given_to_two_names(staff):
    errors = errors_of(
        staff,
        [
            people_row(**{"Số CCCD": "038070001234"}),
            people_row(**{"Họ và tên": "Hà Văn Bình", "Số CCCD": "038070001234", "Chức danh": ""}),
        ],
    )
    assert [(row, column) for row, column, _message in errors] == [(3, "Số CCCD")]
    assert "dòng 2" in errors[0][2]


def test_a_citizen_id_recorded_in_another_district_gets_the_words_of_a_malformed_one(
    staff, hamlet_other_district
):
    factories.PersonFactory(
        full_name="Lò Văn Un", citizen_id="038070001234", place=hamlet_other_district
    )

    recorded = errors_of(staff, [people_row(**{"Số CCCD": "038070001234"})])
    malformed = errors_of(staff, [people_row(**{"Số CCCD": "999070001234"})])

    assert (
        recorded
        == malformed
        == [(2, "Số CCCD", "Số CCCD không hợp lệ hoặc không dùng được cho đơn vị này.")]
    )
    assert Person.objects.filter(citizen_id="038070001234").get().place == hamlet_other_district


def test_it_rejects_a_cell_post_in_a_hamlet_without_a_cell(staff, commune_a):
    factories.HamletFactory(name="Khu 2", kind="khu_pho", parent=commune_a)
    [(row, column, message)] = errors_of(
        staff, [people_row(**{"Thôn": "Khu 2", "Chức danh": "Bí thư"})]
    )
    assert (row, column) == (2, "Chức danh") and "chưa có chi bộ" in message


def test_it_rejects_an_end_before_the_start(staff):
    [(row, column, _message)] = errors_of(staff, [people_row(**{"Đến ngày": "01/01/2020"})])
    assert (row, column) == (2, "Đến ngày")


@pytest.mark.parametrize("posts_recorded", [False, True], ids=["new posts", "recorded posts"])
def test_it_issues_the_same_number_of_queries_for_10_and_100_rows(
    staff, commune_a, django_assert_num_queries, posts_recorded
):
    # With the posts already recorded, the audit entry of each holding still
    # names its post and scope: reading them must not cost a query per row.
    def rows(first, count):
        return [
            people_row(**{"Họ và tên": "Lò Văn Un", "Thôn": f"Khu {n}"})
            for n in range(first, first + count)
        ]

    for number in range(120):
        hamlet = factories.HamletFactory(name=f"Khu {number}", kind="khu_pho", parent=commune_a)
        if posts_recorded:
            factories.HamletPostFactory(place=hamlet)
    run(staff, rows(0, 10))  # warm the caches
    posts = Post.objects.count()
    with CaptureQueriesContext(connection) as ten_rows:
        run(staff, rows(10, 10))
    with django_assert_num_queries(len(ten_rows.captured_queries)):
        run(staff, rows(20, 100))
    assert Holding.objects.count() == 120
    # Recorded posts are reused; otherwise the first import made each one.
    assert Post.objects.count() == posts + (0 if posts_recorded else 110)
