"""Request middleware of the portal's own."""

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware

from core.audit import client_address


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (the signed-in user and their address on
    every audit entry of the request), forgetting them when the request ends:
    the original leaves them in its context variable, where background work
    run later in the same thread would pick them up as its own actor.

    The address is the one the lockout counts (`client_address`), not the
    original's leftmost X-Forwarded-For, which any client writes as it likes
    and which broke every write on PostgreSQL when it was no address. The
    port is not recorded: X-Forwarded-Port is the client's say too, and a
    negative or huge one fails the column's check."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    def __call__(self, request):
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
