"""Repeated wrong passwords lock, with a clear Vietnamese message; the right
password does not get through a lock; every lockout is on the audit trail,
where staff of the account's place see it.

The rule: 5 failures of one username from one client address lock that
username at that address only; 20 failures of one username from any
addresses lock the account everywhere. Nobody else sharing the address
(an office, the proxy in front of the portal) is locked out."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = "/admin/login/"


PROXY = "10.0.0.2"


def attempt(client, username, password, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def attempt_through_proxy(client, username, password, address):
    """A sign-in as the proxy in front of the portal passes it on: from the
    proxy's address, the client's appended to X-Forwarded-For."""
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"203.0.113.99, {address}",
    )


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


def test_the_lock_holds_for_the_account_at_that_address_with_the_right_password(five_failures):
    assert attempt(five_failures, "quanson", PASSWORD).status_code == 429


def test_five_failures_from_one_address_leave_the_account_open_from_another(five_failures):
    response = attempt(five_failures, "quanson", PASSWORD, address="10.9.9.9")
    assert response.status_code == 302


def test_five_failures_of_one_account_leave_another_account_open_at_that_address(
    five_failures, officer_a
):
    response = attempt(five_failures, officer_a.username, PASSWORD)
    assert response.status_code == 302


@pytest.fixture
def behind_the_proxy(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_one_clients_failures_lock_out_nobody_else(
    behind_the_proxy, client, district_staff, officer_a
):
    for _ in range(5):
        attempt_through_proxy(client, "quanson", "sai-mat-khau-roi", address="198.51.100.7")
    record = AccessAttempt.objects.get(username="quanson")
    assert (record.ip_address, record.failures_since_start) == ("198.51.100.7", 5)

    assert attempt_through_proxy(client, "quanson", PASSWORD, "198.51.100.7").status_code == 429
    assert attempt_through_proxy(client, "quanson", PASSWORD, "198.51.100.8").status_code == 302
    assert attempt_through_proxy(client, "sonlu", PASSWORD, "198.51.100.7").status_code == 302


def test_under_make_run_one_users_failures_lock_out_nobody_else_on_the_same_machine(
    client, district_staff, officer_a
):
    for _ in range(5):
        attempt(client, "quanson", "sai-mat-khau-roi", address="127.0.0.1")
    assert attempt(client, "sonlu", PASSWORD, address="127.0.0.1").status_code == 302


def fail_from_several_addresses(client, *counts):
    """`counts[i]` wrong passwords for quanson from address 10.1.1.<i+1>."""
    for number, count in enumerate(counts, start=1):
        for _ in range(count):
            attempt(client, "quanson", "sai-mat-khau-roi", address=f"10.1.1.{number}")


def test_twenty_failures_of_one_account_from_many_addresses_lock_it_everywhere(
    client, district_staff
):
    fail_from_several_addresses(client, 4, 4, 4, 4, 4)
    response = attempt(client, "quanson", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()


def test_nineteen_failures_of_one_account_from_many_addresses_do_not_lock_it(
    client, district_staff
):
    fail_from_several_addresses(client, 4, 4, 4, 4, 3)
    assert attempt(client, "quanson", PASSWORD, address="10.9.9.9").status_code == 302


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


def test_behind_the_proxy_the_lockout_entry_names_the_clients_address(
    behind_the_proxy, client, district_staff
):
    for _ in range(5):
        attempt_through_proxy(client, "quanson", "sai-mat-khau-roi", address="198.51.100.7")
    entry = lockout_entries().get()
    assert entry.object_repr == "Tạm khóa đăng nhập: quanson từ 198.51.100.7"
    assert entry.remote_addr == "198.51.100.7"


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
