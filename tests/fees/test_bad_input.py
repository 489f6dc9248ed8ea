"""Bad input is refused with a Vietnamese message and nothing is written:
a month already paid, a negative or zero amount, a reduction longer than 12
months — through the model (the admin's forms), and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fees.constants import ReliefKind, ReliefReason
from fees.models import FeePayment, FeeRelief

from .conftest import member_in

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cell_a):
    return member_in(cell_a, "Lê Văn An")


def payment(member, **values):
    fields = {"member": member, "month": D(2026, 3, 1), "amount": 50_000, "paid_on": D(2026, 3, 5)}
    return FeePayment(**(fields | values))


def messages_of(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return [text for texts in error.value.message_dict.values() for text in texts]


def test_a_month_already_paid_is_refused(member):
    payment(member).save()

    assert "Đảng viên đã nộp đảng phí tháng này." in messages_of(
        payment(member, month=D(2026, 3, 17))
    )
    assert FeePayment.objects.count() == 1


@pytest.mark.parametrize("amount", [0, -5_000])
def test_a_zero_or_negative_amount_is_refused(member, amount):
    assert "Số tiền phải lớn hơn 0." in messages_of(payment(member, amount=amount))


def test_any_day_of_a_month_is_the_month(member):
    paid = payment(member, month=D(2026, 3, 17))
    paid.full_clean()
    paid.save()

    assert FeePayment.objects.get().month == D(2026, 3, 1)


def reduction(member, start, end, percent=50):
    return FeeRelief(
        member=member,
        kind=ReliefKind.REDUCE,
        reason=ReliefReason.POOR_HOUSEHOLD,
        percent=percent,
        start_month=start,
        end_month=end,
        decision_number="5-QĐ/ĐU",
        decision_date=start,
    )


def test_a_reduction_longer_than_twelve_months_is_refused(member):
    messages = messages_of(reduction(member, D(2026, 1, 1), D(2027, 1, 1)))

    assert "Giảm đảng phí tối đa 12 tháng; quyết định này ghi 13 tháng." in messages


def test_a_reduction_of_twelve_months_is_taken(member):
    reduction(member, D(2026, 1, 1), D(2026, 12, 1)).full_clean()


def test_a_reduction_needs_an_end_and_a_percentage(member):
    assert "Giảm đảng phí phải có tháng kết thúc." in messages_of(
        reduction(member, D(2026, 1, 1), None)
    )
    assert "Ghi mức giảm: 30%, 50% hoặc 70%." in messages_of(
        reduction(member, D(2026, 1, 1), D(2026, 2, 1), percent=None)
    )


def test_the_api_refuses_a_month_already_paid_and_a_negative_amount(member, login, commune_staff):
    client = login(commune_staff)
    body = {"member": member.pk, "month": "2026-03-01", "amount": 50_000, "paid_on": "2026-03-05"}
    assert client.post("/api/v1/fee-payments/", body).status_code == 201

    again = client.post("/api/v1/fee-payments/", body)
    negative = client.post("/api/v1/fee-payments/", body | {"month": "2026-04-01", "amount": -1})

    assert again.status_code == 400 and "đã nộp đảng phí tháng này" in again.content.decode()
    assert negative.status_code == 400 and "amount" in negative.json()
    assert FeePayment.objects.count() == 1


def test_the_api_refuses_a_reduction_of_thirteen_months(member, login, commune_staff):
    body = {
        "member": member.pk,
        "kind": "giam",
        "reason": "ho_ngheo",
        "percent": 30,
        "start_month": "2026-01-01",
        "end_month": "2027-01-01",
        "decision_number": "5-QĐ/ĐU",
        "decision_date": "2025-12-20",
    }
    response = login(commune_staff).post("/api/v1/fee-reliefs/", body)

    assert response.status_code == 400
    assert "tối đa 12 tháng" in response.content.decode()
    assert not FeeRelief.objects.exists()
