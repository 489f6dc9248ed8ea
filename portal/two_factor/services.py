"""Enrolling a device and checking a sign-in code."""

import time

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.util import random_hex

from portal.models import SecondFactorDevice

DEVICE_NAME = "Ứng dụng xác thực"
CODE_DIGITS = 6
WRONG_CODE = _(
    "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện "
    "trong ứng dụng xác thực."
)
MISSING_CODE = _(
    "Tài khoản này đã bật xác thực hai bước: hãy nhập cả mã 6 chữ số đang hiện "
    "trong ứng dụng xác thực."
)


def new_secret():
    """A random 20-byte TOTP key, hex-encoded as django-otp stores it."""
    return random_hex(20)


def unsaved_device(user, secret):
    return SecondFactorDevice(user=user, name=DEVICE_NAME, key=secret, confirmed=True)


def confirmed_devices(user):
    return SecondFactorDevice.objects.filter(user=user, confirmed=True)


def has_second_factor(user):
    return confirmed_devices(user).exists()


def normalised(code):
    """The code as typed, without the spaces apps show in the middle, or None
    when it is not 6 digits."""
    code = "".join((code or "").split())
    return int(code) if len(code) == CODE_DIGITS and code.isdigit() else None


def _matching_step(device, code):
    """The time step `code` belongs to (within the device's tolerance), or None."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if code is not None and totp.verify(code, device.tolerance):
        return totp.t()
    return None


@transaction.atomic
def enrol(*, user, secret, code):
    """Save `user`'s device for `secret` once `code` proves their app has it.
    A wrong code raises ValidationError and writes nothing."""
    device = unsaved_device(user, secret)
    step = _matching_step(device, normalised(code))
    if step is None:
        raise ValidationError(WRONG_CODE, code="wrong_code")
    # The code just used cannot sign in again (django-otp refuses steps <= last_t).
    device.last_t = step
    device.save()
    return device


def check_sign_in_code(request, user, code):
    """Let `user` (whose password was right) sign in only with a right code
    when they have a device. A wrong or missing code is reported to django-axes
    as a failed sign-in, so it counts towards the lockout like a wrong password."""
    devices = list(confirmed_devices(user))
    if not devices:
        return
    token = normalised(code)
    # verify_token also refuses a code already used (replay) and saves the step.
    if token is not None and any(device.verify_token(token) for device in devices):
        return
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username()},
        request=request,
    )
    raise ValidationError(MISSING_CODE if not code else WRONG_CODE, code="wrong_code")
