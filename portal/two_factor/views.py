"""The enrolment page: staff only."""

import base64
import binascii

import segno
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import services
from .forms import EnrolmentForm

# The secret waits in the session until a first code confirms it, so a
# reload shows the same QR code and an abandoned enrolment writes nothing.
PENDING_SECRET = "portal_pending_totp_secret"


def _enrolment_context(user, secret):
    device = services.unsaved_device(user, secret)
    text_secret = base64.b32encode(binascii.unhexlify(secret)).decode()
    # segno draws the SVG here: no image service, the secret never leaves the portal.
    qr_code = segno.make(device.config_url, error="m")
    return {
        "qr_svg": mark_safe(qr_code.svg_inline(scale=5, light="#fff")),
        "secret": " ".join(text_secret[i : i + 4] for i in range(0, len(text_secret), 4)),
    }


@login_required
def enrol(request):
    user = request.user
    if not user.may_enrol_second_factor:
        raise PermissionDenied
    # The admin's header, user links and titles: the page is part of it.
    context = {**admin.site.each_context(request), "title": _("Xác thực hai bước")}
    if services.has_second_factor(user):
        return render(request, "portal/two_factor.html", {**context, "enrolled": True})
    secret = request.session.setdefault(PENDING_SECRET, services.new_secret())
    form = EnrolmentForm(request.POST or None, user=user, secret=secret)
    if request.method == "POST" and form.is_valid() and form.save():
        del request.session[PENDING_SECRET]
        messages.success(request, _("Đã bật xác thực hai bước cho tài khoản của bạn."))
        return redirect("two_factor")
    context.update(_enrolment_context(user, secret), form=form)
    return render(request, "portal/two_factor.html", context)
