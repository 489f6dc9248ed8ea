"""Repeated wrong passwords lock the account and the address, with a clear
Vietnamese message; the right password does not get through a lock; every
lockout is on the audit trail, where staff of the account's place see it."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse

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


def lockout_entries():
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__ip_address__isnull=False
    )


def test_fewer_than_five_failures_leave_no_lockout_entry(client, district_staff):
    for _ in range(4):
        attempt(client, "quanson", "sai-mat-khau-roi")
    assert not lockout_entries().exists()


def test_a_lockout_is_on_the_audit_trail_with_username_address_and_place(
    client, district_staff, district
):
    for _ in range(4):
        attempt(client, "quanson", "sai-mat-khau-roi")
    response = attempt(client, "quanson", "sai-mat-khau-roi")
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()
    entry = lockout_entries().get()
    assert entry.object_repr == "Tạm khóa đăng nhập: quanson từ 10.1.1.1"
    assert (entry.remote_addr, entry.actor) == ("10.1.1.1", None)
    assert entry.additional_data["username"] == "quanson"
    assert entry.additional_data["scope"] == district.path
    assert entry.object_pk == str(district_staff.pk)


def test_attempts_refused_during_the_lock_are_recorded_too(five_failures):
    attempt(five_failures, "quanson", PASSWORD)
    assert lockout_entries().count() == 2


def test_a_lockout_of_an_unknown_username_goes_to_the_shared_scope(client, db):
    for _ in range(5):
        attempt(client, "khong-co-ai", "sai-mat-khau-roi")
    entry = lockout_entries().get()
    assert (entry.additional_data["scope"], entry.object_pk) == ("/", "")


def test_staff_of_the_place_see_the_lockout_and_others_do_not(
    five_failures, client, district_staff, other_district_staff
):
    url = reverse("admin:auditlog_logentry_changelist")
    client.force_login(district_staff)
    assert "Tạm khóa đăng nhập: quanson" in client.get(url).content.decode()
    client.force_login(other_district_staff)
    assert "Tạm khóa đăng nhập" not in client.get(url).content.decode()
