"""Request middleware of the portal's own."""

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (the signed-in user and their address on
    every audit entry of the request), forgetting them when the request ends:
    the original leaves them in its context variable, where background work
    run later in the same thread would pick them up as its own actor."""

    def __call__(self, request):
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
