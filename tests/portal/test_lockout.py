"""Repeated wrong passwords lock the account and the address, with a clear
Vietnamese message; the right password does not get through a lock."""

import pytest
from axes.models import AccessAttempt

from tests.conftest import PASSWORD

LOGIN = "/admin/login/"


def attempt(client, username, password, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def five_failures(client, district_staff):
    for _ in range(5):
        attempt(client, "quanson", "sai-mat-khau-roi")
    return client


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_message(five_failures):
    response = attempt(five_failures, "quanson", PASSWORD)
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()
    assert "30 phút" in response.content.decode()


def test_the_lock_holds_for_the_account_from_another_address(five_failures):
    response = attempt(five_failures, "quanson", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429


def test_the_lock_holds_for_the_address_with_another_account(five_failures, officer_a):
    response = attempt(five_failures, officer_a.username, PASSWORD)
    assert response.status_code == 429


def test_failures_are_recorded_with_account_and_address(five_failures):
    record = AccessAttempt.objects.get(username="quanson")
    assert (record.ip_address, record.failures_since_start) == ("10.1.1.1", 5)


def test_fewer_failures_then_the_right_password_signs_in(client, district_staff):
    for _ in range(4):
        attempt(client, "quanson", "sai-mat-khau-roi")
    response = attempt(client, "quanson", PASSWORD)
    assert response.status_code == 302


def test_weak_passwords_are_refused(district_staff):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["ngan-qua", "12345678901234", "password1234"]:
        with pytest.raises(ValidationError):
            validate_password(weak, district_staff)
