"""The cell's monthly collection and remittance report and the warning
list: reopened with openpyxl, their cells checked; queries pinned."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from fees.constants import BasisKind, Channel, ReliefKind, ReliefReason
from fees.exports import month_report, split_collected, write_month_report
from fees.models import FeePayment, FeeRelief, FeeShare

from .conftest import basis, member_in

D = datetime.date
pytestmark = pytest.mark.django_db
MARCH = D(2026, 3, 1)


@pytest.fixture
def members(cell_a):
    an = member_in(cell_a, "Lê Văn An")
    binh = member_in(cell_a, "Trần Thị Bình")
    chi = member_in(cell_a, "Phạm Văn Chi")
    basis(an, BasisKind.SALARY, 6_234_550)
    basis(binh, BasisKind.STUDENT)
    basis(chi, BasisKind.PENSION, 4_000_000)
    FeePayment.objects.create(
        member=an, month=MARCH, amount=62_346, paid_on=D(2026, 3, 5), channel=Channel.PORTAL
    )
    FeePayment.objects.create(member=binh, month=MARCH, amount=5_000, paid_on=D(2026, 3, 9))
    FeeRelief.objects.create(
        member=chi,
        kind=ReliefKind.REDUCE,
        reason=ReliefReason.SOCIAL_PENSION,
        percent=50,
        start_month=D(2026, 1, 1),
        end_month=D(2026, 6, 1),
        decision_number="7-QĐ/ĐU",
        decision_date=D(2025, 12, 20),
    )
    return an, binh, chi


def reopen(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def cells_of(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_the_report_lists_members_totals_and_the_split(cell_a, members):
    output = io.BytesIO()
    write_month_report(month_report(cell_a, MARCH), output)
    rows = cells_of(reopen(output.getvalue()))

    assert rows[0][0] == "CHI BỘ KHU 1" and rows[0][5] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert rows[2][0] == "BÁO CÁO THU, NỘP ĐẢNG PHÍ" and rows[3][0] == "Tháng 03/2026"
    header = rows.index(next(r for r in rows if r[0] == "STT"))
    body = rows[header + 1 : header + 4]
    # Vietnamese order by given name: An, Bình, Chi.
    assert [r[1] for r in body] == ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Chi"]
    assert [r[4] for r in body] == [62_346, 5_000, 10_000]
    assert [r[5] for r in body] == [62_346, 5_000, 0]
    assert body[0][6:8] == ("05/03/2026", "Cổng dịch vụ công quốc gia")
    assert body[2][8] == "Giảm mức đóng 50%: Hưởng trợ cấp xã hội (7-QĐ/ĐU)"
    totals = rows[header + 4]
    assert totals[0] == "Cộng" and totals[4:6] == (77_346, 67_346)
    split = {r[0]: r[5] for r in rows[header + 6 : header + 9]}
    assert split == {
        "Tổng số đảng phí đã thu": 67_346,
        "Chi bộ được trích giữ lại (30%)": 20_203,  # 20,203.8 rounded down
        "Nộp lên Đảng ủy cấp trên": 47_143,
    }
    assert "T/M CHI ỦY" in [r[4] for r in rows]


def test_a_row_whose_text_wraps_is_given_the_height_of_its_lines(cell_a, members):
    output = io.BytesIO()
    write_month_report(month_report(cell_a, MARCH), output)
    sheet = reopen(output.getvalue())
    rows = {row[1].value: row[1].row for row in sheet.iter_rows() if len(row) > 1}

    # "Giảm mức đóng 50%: Hưởng trợ cấp xã hội (7-QĐ/ĐU)" takes two lines of
    # the note column: Calc would otherwise spill it over the next row.
    assert sheet.row_dimensions[rows["Phạm Văn Chi"]].height >= 32
    assert sheet.row_dimensions[rows["Trần Thị Bình"]].height in (None, 15)


def test_the_share_is_data_and_the_parts_add_up():
    FeeShare.objects.create(valid_from=D(2026, 7, 1), cell_percent=25, rule="x")

    assert split_collected(10_001, D(2026, 6, 1))[:2] == (3_000, 7_001)
    assert split_collected(10_001, D(2026, 7, 1))[:2] == (2_500, 7_501)


def test_the_report_costs_the_same_queries_for_any_cell_size(
    cell_a, members, django_assert_num_queries
):
    # The ledger's eight and the share in force.
    with django_assert_num_queries(9):
        small = month_report(cell_a, MARCH)
    for number in range(30):
        member = member_in(cell_a, f"Nguyễn Văn {chr(65 + number % 26)}")
        basis(member, BasisKind.SALARY, 5_000_000)
    with django_assert_num_queries(9):
        big = month_report(cell_a, MARCH)
    assert len(small.rows) == 3 and len(big.rows) == 33


def test_the_report_download_from_the_admin(cell_a, members, login, officer_a):
    url = reverse("admin:fees_feepayment_report")
    response = login(officer_a).get(url, {"cell": cell_a.pk, "month": "03/2026"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('dang-phi-chi-bo-khu-1-2026-03.xlsx"')
    assert reopen(response.content)["A1"].value == "CHI BỘ KHU 1"


def test_a_cell_of_another_commune_is_not_offered(cell_a, members, login, officer_b):
    url = reverse("admin:fees_feepayment_report")
    response = login(officer_b).get(url, {"cell": cell_a.pk, "month": "03/2026"})

    assert response.status_code == 200  # the form again, with the error
    assert "Chi bộ Khu 1" not in response.content.decode()


def test_the_warning_list_download(cell_a, members, login, officer_a, commune_a, monkeypatch):
    monkeypatch.setattr("fees.views.timezone.localdate", lambda: D(2026, 12, 7))
    url = reverse("admin:fees_feepayment_warnings")
    response = login(officer_a).get(url, {"place": commune_a.pk, "year": 2026})

    rows = cells_of(reopen(response.content))
    listed = [r for r in rows if isinstance(r[0], int)]
    # An and Bình paid March only (January to November count on 07/12);
    # Chi's reduction is a reason until June.
    assert [(r[1], r[2], r[3], r[5]) for r in listed] == [
        ("Lê Văn An", "Chi bộ Khu 1", 2026, 10),
        ("Trần Thị Bình", "Chi bộ Khu 1", 2026, 10),
        ("Phạm Văn Chi", "Chi bộ Khu 1", 2026, 5),
    ]
    assert listed[0][4].startswith("01/2026, 02/2026, 04/2026")
    assert listed[2][4] == "07/2026, 08/2026, 09/2026, 10/2026, 11/2026"
    assert listed[2][6] == 5 * 20_000


def test_the_warning_list_queries_do_not_grow_with_members(
    cell_a, members, login, officer_a, commune_a, django_assert_max_num_queries
):
    client = login(officer_a)
    url = reverse("admin:fees_feepayment_warnings")
    for number in range(20):
        member = member_in(cell_a, f"Nguyễn Văn {chr(65 + number)}")
        basis(member, BasisKind.SALARY, 5_000_000)
    with django_assert_max_num_queries(20):
        response = client.get(url, {"place": commune_a.pk, "year": 2026})
    assert response.status_code == 200
