"""Session lifetime: 30 minutes idle, 8 hours at most after signing in.

The idle limit is Django's own short SESSION_COOKIE_AGE, renewed by saving
the session as the user works. Saving on every request would cost every page
a write, so the session is saved again only once a minute has passed since
the last save (`SESSION_REFRESH_SECONDS`): the idle limit holds to within a
minute. The absolute limit needs the moment of sign-in, which Django does not
keep, so it is stamped into the session when the user logs in and checked on
every request. A deactivated account loses its sessions at once without
help: Django's ModelBackend refuses inactive users when loading the session's
user.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "portal_signed_in_at"
LAST_REFRESHED_AT = "portal_refreshed_at"


@receiver(user_logged_in)
def stamp_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_REFRESHED_AT] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        signed_in_at = request.session.get(SIGNED_IN_AT)
        if signed_in_at is None:
            return self.get_response(request)
        if now - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
            logout(request)
        elif now - request.session.get(LAST_REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            # Modifying the session makes Django save it with a new expiry.
            request.session[LAST_REFRESHED_AT] = int(now)
        return self.get_response(request)
