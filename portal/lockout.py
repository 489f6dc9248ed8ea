"""Sign-in lockout (django-axes): the page a locked-out visitor sees, and
the audit entry each lockout leaves."""

from auditlog.models import LogEntry
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from cells.audit import SHARED_SCOPE, log_event


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "portal/locked_out.html",
        {"cooloff_minutes": minutes, "title": "Tạm khóa đăng nhập"},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# A signal, because the event is django-axes' own: it sends `user_locked_out`
# when an account or address reaches the failure limit, and again for every
# attempt refused while the lock holds, so a continuing attack shows on the
# trail too.
@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    """An ACCESS entry naming the username tried and the address, in the
    scope of the account's place, so staff of that place see it; an unknown
    username goes to the shared scope (superusers only)."""
    user = get_user_model().objects.select_related("place").filter(username=username).first()
    scope = user.get_additional_data()["scope"] if user else SHARED_SCOPE
    # The trail is written in the portal's first language, whatever the visitor's.
    with translation.override(settings.LANGUAGE_CODE):
        description = gettext("Tạm khóa đăng nhập: %(username)s từ %(address)s") % {
            "username": username or "—",
            "address": ip_address or "—",
        }
    log_event(
        instance=user or get_user_model()(username=username or ""),
        action=LogEntry.Action.ACCESS,
        description=description,
        scope=scope,
        remote_addr=ip_address,
        username=username,
        ip_address=ip_address,
    )
