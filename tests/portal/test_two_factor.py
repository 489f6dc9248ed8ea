"""Optional two-factor sign-in for staff: enrolment from the portal with a QR
code and a first code; then the admin sign-in asks for the 6-digit code, a
wrong one is refused in Vietnamese and counts towards the lockout; accounts
without a device sign in as before; a superuser removes a lost device; both
enrolment and removal are on the audit trail, without the secret."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import totp

from portal.models import SecondFactorDevice, User
from portal.two_factor.services import new_secret
from portal.two_factor.views import PENDING_SECRET
from tests.conftest import PASSWORD

LOGIN = "/admin/login/"
ENROL = "/tai-khoan/xac-thuc-hai-buoc/"


def code_of(secret, steps_ahead=0):
    """The code the user's authenticator app shows now (or a step later)."""
    return f"{totp(bytes.fromhex(secret), drift=steps_ahead):06d}"


def sign_in(client, code=None, username="quanson", password=PASSWORD):
    data = {"username": username, "password": password}
    if code is not None:
        data["otp_code"] = code
    return client.post(LOGIN, data, REMOTE_ADDR="10.1.1.1")


def device_entry(action):
    return LogEntry.objects.get(action=action, content_type__model="totpdevice")


def signed_in_as(client):
    return client.get("/admin/").wsgi_request.user.get_username() or None


@pytest.fixture
def device(district_staff):
    return SecondFactorDevice.objects.create(
        user=district_staff, name="Ứng dụng xác thực", key=new_secret(), confirmed=True
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("quantri", password=PASSWORD)


# --- Signing in ---------------------------------------------------------------


def test_staff_without_a_device_sign_in_with_the_password_alone(client, district_staff):
    assert sign_in(client).status_code == 302
    assert signed_in_as(client) == "quanson"


def test_the_sign_in_page_offers_the_code_field(client, db):
    page = client.get(LOGIN).content.decode()
    assert 'name="otp_code"' in page and "Mã xác thực" in page


def test_staff_with_a_device_sign_in_with_password_and_code(client, device):
    assert sign_in(client, code=code_of(device.key)).status_code == 302
    assert signed_in_as(client) == "quanson"


def test_a_code_with_a_space_in_the_middle_is_read(client, device):
    code = code_of(device.key)
    assert sign_in(client, code=f"{code[:3]} {code[3:]}").status_code == 302


def test_a_wrong_code_is_refused_with_a_vietnamese_message(client, device):
    wrong = f"{(int(code_of(device.key)) + 1) % 1_000_000:06d}"
    response = sign_in(client, code=wrong)
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_missing_code_is_refused_with_a_vietnamese_message(client, device):
    response = sign_in(client, code="")
    assert "đã bật xác thực hai bước" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_wrong_password_with_the_right_code_is_refused(client, device):
    response = sign_in(client, code=code_of(device.key), password="sai-mat-khau-roi")
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_a_code_already_used_does_not_sign_in_again(client, device):
    code = code_of(device.key)
    assert sign_in(client, code=code).status_code == 302
    client.post("/admin/logout/")
    assert sign_in(client, code=code).status_code == 200
    assert signed_in_as(client) is None


def test_wrong_codes_count_towards_the_lockout(client, device):
    for _ in range(4):
        assert sign_in(client, code="000000").status_code == 200
    assert AccessAttempt.objects.get(username="quanson").failures_since_start == 4
    locked = sign_in(client, code="000000")
    assert locked.status_code == 429
    assert "sai mật khẩu hoặc mã xác thực quá nhiều lần" in locked.content.decode()
    # Locked: even the right password and code are refused now.
    assert sign_in(client, code=code_of(device.key)).status_code == 429
    assert signed_in_as(client) is None


def test_an_officer_signs_in_as_before(client, officer_a):
    assert sign_in(client, username="sonlu").status_code == 302


# --- Enrolment --------------------------------------------------------------


def test_staff_see_the_qr_code_and_the_secret(login, district_staff):
    client = login(district_staff)
    page = client.get(ENROL).content.decode()
    assert "<svg" in page and 'class="totp-secret"' in page
    assert "Cài một ứng dụng xác thực" in page
    assert client.session[PENDING_SECRET]
    assert not SecondFactorDevice.objects.exists()


def test_the_admin_links_staff_to_the_enrolment_page(login, district_staff):
    assert f'href="{ENROL}"' in login(district_staff).get("/admin/").content.decode()


def test_the_page_shows_the_same_secret_on_reload(login, district_staff):
    client = login(district_staff)
    first = client.get(ENROL).content.decode().split('class="totp-secret">')[1][:40]
    again = client.get(ENROL).content.decode().split('class="totp-secret">')[1][:40]
    assert first == again


def test_the_right_first_code_turns_two_factor_on(login, district_staff):
    client = login(district_staff)
    client.get(ENROL)
    secret = client.session[PENDING_SECRET]
    response = client.post(ENROL, {"code": code_of(secret)}, follow=True)
    assert "Đã bật xác thực hai bước" in response.content.decode()
    device = SecondFactorDevice.objects.get(user=district_staff)
    assert (device.key, device.confirmed) == (secret, True)
    assert PENDING_SECRET not in client.session
    assert "đã bật xác thực hai bước" in client.get(ENROL).content.decode()


def test_a_wrong_first_code_is_refused_and_writes_nothing(login, district_staff):
    client = login(district_staff)
    client.get(ENROL)
    wrong = f"{(int(code_of(client.session[PENDING_SECRET])) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in response.content.decode()
    assert not SecondFactorDevice.objects.exists()


@pytest.mark.parametrize("typed", ["", "12345", "abcdef", "1234567"])
def test_a_first_code_that_is_not_six_digits_is_refused(login, district_staff, typed):
    client = login(district_staff)
    client.get(ENROL)
    response = client.post(ENROL, {"code": typed})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not SecondFactorDevice.objects.exists()


def test_after_enrolment_the_sign_in_asks_for_the_code(client, district_staff):
    client.force_login(district_staff)
    client.get(ENROL)
    secret = client.session[PENDING_SECRET]
    client.post(ENROL, {"code": code_of(secret)})
    client.post("/admin/logout/")
    assert sign_in(client).status_code == 200
    assert sign_in(client, code=code_of(secret, steps_ahead=1)).status_code == 302


def test_enrolment_is_on_the_audit_trail_without_the_secret(login, district_staff, district):
    client = login(district_staff)
    client.get(ENROL)
    secret = client.session[PENDING_SECRET]
    client.post(ENROL, {"code": code_of(secret)})
    entry = device_entry(LogEntry.Action.CREATE)
    assert entry.object_repr == "Ứng dụng xác thực — quanson"
    assert entry.actor == district_staff
    assert entry.additional_data["scope"] == district.path
    assert secret not in str(entry.changes) and "key" not in entry.changes


def test_officers_cannot_enrol(login, officer_a):
    client = login(officer_a)
    assert client.get(ENROL).status_code == 403
    assert client.post(ENROL, {"code": "123456"}).status_code == 403
    assert not SecondFactorDevice.objects.exists()
    assert f'href="{ENROL}"' not in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_the_sign_in_page(client, db):
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={ENROL}"


# --- Removal by a superuser -------------------------------------------------------


def test_a_superuser_removes_a_lost_device(login, superuser, device, district):
    client = login(superuser)
    url = reverse("admin:portal_secondfactordevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not SecondFactorDevice.objects.exists()
    entry = device_entry(LogEntry.Action.DELETE)
    assert (entry.actor, entry.additional_data["scope"]) == (superuser, district.path)


def test_after_removal_the_password_alone_signs_in(client, superuser, device):
    client.force_login(superuser)
    client.post(
        reverse("admin:portal_secondfactordevice_delete", args=[device.pk]), {"post": "yes"}
    )
    client.post("/admin/logout/")
    assert sign_in(client).status_code == 302


def test_the_device_page_never_shows_the_secret(login, superuser, device):
    client = login(superuser)
    listing = client.get(reverse("admin:portal_secondfactordevice_changelist")).content.decode()
    detail = client.get(reverse("admin:portal_secondfactordevice_change", args=[device.pk]))
    assert "quanson" in listing
    assert device.key not in listing + detail.content.decode()


@pytest.mark.parametrize("who", ["district_staff", "officer_a"])
def test_only_superusers_see_or_remove_devices(request, login, device, who):
    client = login(request.getfixturevalue(who))
    url = reverse("admin:portal_secondfactordevice_delete", args=[device.pk])
    assert client.get(reverse("admin:portal_secondfactordevice_changelist")).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert SecondFactorDevice.objects.filter(pk=device.pk).exists()
