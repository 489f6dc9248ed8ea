"""Session lifetime: 30 minutes idle, 8 hours at most after signing in.

The idle limit is Django's own (a short SESSION_COOKIE_AGE renewed on every
request). The absolute limit needs the moment of sign-in, which Django does
not keep, so it is stamped into the session when the user logs in and checked
on every request. A deactivated account loses its sessions at once without
help: Django's ModelBackend refuses inactive users when loading the session's
user.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "portal_signed_in_at"


@receiver(user_logged_in)
def stamp_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in_at = request.session.get(SIGNED_IN_AT)
        if signed_in_at is not None and time.time() - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
            logout(request)
        return self.get_response(request)
