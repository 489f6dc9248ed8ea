"""The payment statement workbook: all or nothing, each error naming its
row and column."""

import datetime
import io

import openpyxl
import pytest

from core.imports.reading import ImportFailed
from fees.constants import Channel, PaymentSource
from fees.imports import PaymentImport
from fees.models import FeePayment

from .conftest import member_in

D = datetime.date
pytestmark = pytest.mark.django_db
HEADERS = ["Họ và tên", "Số thẻ đảng viên", "Tháng", "Số tiền", "Ngày nộp", "Hình thức nộp"]


def workbook(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@pytest.fixture
def members(cell_a):
    return member_in(cell_a, "Lê Văn An"), member_in(cell_a, "Trần Thị Bình")


def test_a_good_statement_is_written(members, commune_staff):
    an, binh = members
    content = workbook(
        ["Lê Văn An", an.card_number, "03/2026", "50.000", "05/03/2026", "Tiền mặt"],
        ["Tran Thi Binh", "", D(2026, 3, 1), 20000, D(2026, 3, 6), ""],
    )

    summary = PaymentImport(commune_staff).run(content)

    assert summary.rows == 2
    payments = {p.member: p for p in FeePayment.objects.all()}
    assert payments[an].amount == 50_000 and payments[an].channel == Channel.CASH
    assert payments[binh].channel == Channel.PORTAL
    assert {p.source for p in payments.values()} == {PaymentSource.IMPORTED}


def test_a_bad_row_writes_nothing_and_names_row_and_column(members, commune_staff):
    an, binh = members
    FeePayment.objects.create(member=binh, month=D(2026, 3, 1), amount=1, paid_on=D(2026, 3, 2))
    content = workbook(
        ["Lê Văn An", an.card_number, "03/2026", "50000", "05/03/2026", ""],
        ["Lê Văn An", an.card_number, "04/2026", "-5000", "05/04/2026", ""],
        ["Trần Thị Bình", "", "03/2026", "20000", "06/03/2026", ""],
        ["Lê Văn An", an.card_number, "03/2026", "50000", "07/03/2026", ""],
        ["Người Lạ", "", "03/2026", "50000", "07/03/2026", ""],
    )

    with pytest.raises(ImportFailed) as failure:
        PaymentImport(commune_staff).run(content)

    errors = {(e.row, e.column): e.message for e in failure.value.errors}
    assert errors[(3, "Số tiền")] == "Số tiền phải lớn hơn 0."
    assert errors[(4, "Tháng")] == "Trần Thị Bình đã nộp đảng phí tháng 03/2026."
    assert errors[(5, "Tháng")] == "Tháng 03/2026 của Lê Văn An đã có ở dòng 2."
    assert "Người Lạ" in errors[(6, "Họ và tên")]
    assert FeePayment.objects.count() == 1


def test_a_member_of_another_commune_is_not_found(members, commune_b_staff):
    an, _binh = members
    content = workbook(["Lê Văn An", an.card_number, "03/2026", "50000", "05/03/2026", ""])

    with pytest.raises(ImportFailed) as failure:
        PaymentImport(commune_b_staff).run(content)

    assert [(e.row, e.column) for e in failure.value.errors] == [(2, "Số thẻ đảng viên")]
    assert not FeePayment.objects.exists()
