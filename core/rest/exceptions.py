"""Errors as the API answers them.

DRF already answers 400 with a list of messages per field, 401/403/404 with
`{"detail": ...}`, all translated by the request's Accept-Language
(LocaleMiddleware). What it leaves as a 500, this handler answers too:

* a model's own validation (`clean()`, constraints) → 400 per field;
* deleting a record other records still point at (PROTECT) → 409;
* a database constraint that a concurrent write won → 409;
* a missing row, in scope or not, → the same translated 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Bản ghi đang được bản ghi khác sử dụng nên không thể thực hiện.")
    default_code = "conflict"


def django_errors_as_drf(error):
    """A Django ValidationError as DRF's: messages per field, the rest under
    non_field_errors."""
    if hasattr(error, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return ValidationError(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_errors_as_drf(exc)
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(
            _("Không xóa được: còn %(count)d bản ghi khác gắn với bản ghi này.")
            % {"count": len(getattr(exc, "protected_objects", None) or exc.restricted_objects)}
        )
    elif isinstance(exc, IntegrityError):
        exc = Conflict(_("Dữ liệu trùng hoặc mâu thuẫn với một bản ghi đã có."))
    elif isinstance(exc, Http404):
        # Django's message names the model in English ("No Person matches…");
        # the same translated answer whether the row is missing or out of scope.
        exc = NotFound()
    return drf_exception_handler(exc, context)
