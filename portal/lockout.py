"""Sign-in lockout (django-axes): the two limits, the page a locked-out
visitor sees, and the audit entry each lockout leaves."""

from auditlog.models import LogEntry
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from core.audit import SHARED_SCOPE, log_event


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher limit.

    axes counts the failures of one username from one address
    (AXES_LOCKOUT_PARAMETERS) against AXES_FAILURE_LIMIT, so one visitor's
    wrong passwords lock only themselves, never the others sharing their
    address. Guessing one account's password from many addresses is stopped
    by PORTAL_ACCOUNT_FAILURE_LIMIT failures of that username from any
    address, which lock the account wherever its owner signs in from."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return failures
        recent = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        )
        account = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if account >= settings.PORTAL_ACCOUNT_FAILURE_LIMIT:
            # axes compares this one number with AXES_FAILURE_LIMIT.
            return max(failures, get_failure_limit(request, credentials))
        return failures


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
