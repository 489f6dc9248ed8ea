"""Each rule of the data-quality report (cells.quality) finds the records
that break it and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.quality import RULE_CODES, quality_report
from tests import factories

from .conftest import DAY, member_in

pytestmark = pytest.mark.django_db

EXPECTED = {
    "missing_citizen_id": ["Lò Thị Thiếu"],
    "invalid_citizen_id": ["Lương Văn Sai"],
    # Vietnamese name order: by the given name, then the family and middle names.
    "possible_duplicate": ["Nguyen Van Binh", "Nguyễn Văn Bình"],
    "duplicate_card": ["Vi Văn Thẻ"],
    "card_pattern": ["Cầm Văn Mẫu", "Cầm Thị Thường"],
    "missing_card": ["Lữ Văn Chưa Thẻ"],
    "membership_after_leaving": ["Phạm Văn Mất"],
    "membership_before_admission": ["Đinh Văn Sớm"],
    "admitted_under_18": ["Hà Văn Ngược", "Hà Thị Nhuận"],
    "without_cell": ["Quàng Văn Cũ", "Quàng Văn Lạc", "Quàng Thị Sau"],
    "officer_not_member": ["Sầm Văn Ngoài", "Sầm Thị Rời"],
}


@pytest.fixture
def commune_staff(commune_a):
    return factories.UserFactory(username="xa-son-lu", place=commune_a, role="staff")


def report(place, user, **options):
    return {result.code: result for result in quality_report(place, DAY, user=user, **options)}


def names(result):
    return [finding.name for finding in result.findings]


def test_every_rule_finds_what_breaks_it_and_nothing_else(register, commune_a, officer_a):
    results = report(commune_a, officer_a)

    assert list(results) == RULE_CODES
    for code in RULE_CODES:
        assert names(results[code]) == EXPECTED[code], code
        assert results[code].total == len(EXPECTED[code]), code


def test_the_clean_member_and_the_hamlet_chief_break_no_rule(register, commune_a, officer_a):
    found = {name for result in report(commune_a, officer_a).values() for name in names(result)}

    assert not found & {"Hà Văn Sạch", "Sầm Văn Trưởng Thôn", "Lữ Thị Dự Bị", "Phạm Văn Đủ"}
    assert not found & {"Hà Văn Mười Tám", "Cầm Văn Lý Lịch", "Nguyễn Văn Bình Hai"}


def test_each_finding_names_the_place_the_cell_and_the_values(register, commune_a, officer_a):
    results = report(commune_a, officer_a)

    (officer,) = [f for f in results["officer_not_member"].findings if f.name == "Sầm Văn Ngoài"]
    assert (officer.commune, officer.hamlet, officer.cell) == (
        "Thị trấn Sơn Lư",
        "Khu phố Khu 1",
        "Chi bộ Khu 1",
    )
    assert officer.values == "Phó bí thư chi bộ từ 01/04/2025; không có hồ sơ đảng viên"
    (left,) = [f for f in results["officer_not_member"].findings if f.name == "Sầm Thị Rời"]
    assert left.values == "Chi ủy viên từ 01/04/2025; ra khỏi Đảng ngày 31/12/2025"
    (died,) = results["membership_after_leaving"].findings
    assert died.values == "Từ trần ngày 01/05/2024; sinh hoạt từ 01/03/2005 đến nay"
    assert died.cell == "Chi bộ Khu 1"
    (young, leap) = results["admitted_under_18"].findings
    assert leap.values == "Sinh ngày 29/02/2000, vào Đảng ngày 28/02/2018 (17 tuổi)"
    assert young.values == "Sinh ngày 01/01/2003, vào Đảng ngày 01/01/2001 (-2 tuổi)"
    (card,) = results["duplicate_card"].findings
    assert card.values == "Số thẻ: 23456789 (viết gọn: 23456789)"
    assert results["card_pattern"].findings[1].values == "Số thẻ: 654321th"
    (lost,) = [f for f in results["without_cell"].findings if f.name == "Quàng Văn Cũ"]
    assert lost.cell == "Chi bộ cũ"  # the last cell, dissolved


def test_another_commune_sees_only_its_own(register, commune_a, commune_b, officer_b):
    results = report(commune_b, officer_b)

    # The card written another way in Sơn Lư is found, but only Trung Xuân's
    # member is listed; the namesake of Sơn Lư's is no duplicate in Trung Xuân.
    assert names(results["duplicate_card"]) == ["Vi Văn Trùng"]
    assert names(results["card_pattern"]) == ["Vi Văn Trùng"]
    assert names(results["possible_duplicate"]) == []
    assert names(results["officer_not_member"]) == ["Sầm Văn Bản Din"]
    everyone = {name for result in results.values() for name in names(result)}
    assert everyone == {"Vi Văn Trùng", "Sầm Văn Bản Din"}


def test_a_user_reads_nothing_outside_their_scope_whatever_place_is_asked(
    register, commune_a, officer_b
):
    results = report(commune_a, officer_b)

    assert all(result.total == 0 for result in results.values())


def test_the_district_reads_its_communes(register, district, district_staff):
    results = report(district, district_staff)

    assert names(results["possible_duplicate"]) == [
        "Nguyen Van Binh",
        "Nguyễn Văn Bình",
        "Nguyễn Văn Bình",
    ]
    assert names(results["duplicate_card"]) == ["Vi Văn Thẻ", "Vi Văn Trùng"]
    communes = {f.commune for f in results["officer_not_member"].findings}
    assert communes == {"Thị trấn Sơn Lư", "Xã Trung Xuân"}


def test_the_date_decides_the_rules_about_the_present(register, commune_a, officer_a):
    import datetime

    results = {
        r.code: r for r in quality_report(commune_a, datetime.date(2023, 6, 30), user=officer_a)
    }

    # Before the cell was dissolved and the member left, before the new cell
    # membership was due, before the officers' term.
    assert names(results["without_cell"]) == ["Quàng Văn Lạc", "Quàng Thị Sau"]
    assert names(results["officer_not_member"]) == []


def test_a_page_lists_the_first_rows_and_the_total(register, commune_a, officer_a):
    results = report(commune_a, officer_a, limit=1)

    assert names(results["without_cell"]) == ["Quàng Văn Cũ"]
    assert results["without_cell"].total == 3


def test_one_query_per_rule_whatever_the_size(register, commune_a, officer_a):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            quality_report(commune_a, DAY, user=officer_a)
        return len(captured)

    before = queries()
    for number in range(15):
        member_in(register["cell_a"], f"Lò Văn Thêm {number}", person={"citizen_id": None})
        member_in(None, f"Lò Thị Lạc {number}", hamlet=register["cell_a"].hamlet)

    assert queries() == before == len(RULE_CODES)
