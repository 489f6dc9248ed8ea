"""Errors as the API answers them.

DRF already answers 400 with a list of messages per field, 401/403/404 with
`{"detail": ...}`, all translated by the request's Accept-Language
(LocaleMiddleware). What it leaves as a 500, this handler answers too:

* a model's own validation (`clean()`, constraints) → 400 per field;
* deleting a record other records still point at (PROTECT) → 409;
* a database constraint that a concurrent write won → 409;
* a missing row, in scope or not, → the same translated 404.

And it keeps every 400 in the one shape the schema promises (a list of
messages per field): the errors of a nested body (the rows of a batch) are
folded into their field's list, each naming its row ("Dòng 2 — points: …").
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ErrorDetail, NotFound, ValidationError
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


def _label(key, value):
    """How a key of nested errors is named: a row of a batch by its number
    (DRF counts from 0), an item of a list likewise, a field by its name."""
    if key == api_settings.NON_FIELD_ERRORS_KEY:
        return ""
    if isinstance(key, int):
        label = _("Dòng %(number)s") if isinstance(value, dict) else _("mục %(number)s")
        return str(label % {"number": key + 1})
    return str(key)


def _messages(errors, where=""):
    """The messages of a field's errors, however deeply nested, as one flat
    list; `where` names the row or the nested field they came from."""
    if isinstance(errors, list) and any(isinstance(value, dict) for value in errors):
        errors = dict(enumerate(errors))
    if isinstance(errors, dict):
        found = []
        for key, value in errors.items():
            found += _messages(value, " — ".join(filter(None, [where, _label(key, value)])))
        return found
    if isinstance(errors, list):
        return [message for value in errors for message in _messages(value, where)]
    if not where:
        return [errors]
    return [ErrorDetail(f"{where}: {errors}", code=getattr(errors, "code", None))]


def flat_validation_error(exc):
    """A 400 with a list of messages per field, nested bodies folded in."""
    detail = exc.detail
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return ValidationError({field: _messages(errors) for field, errors in detail.items()})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_errors_as_drf(exc)
    if isinstance(exc, ValidationError):
        exc = flat_validation_error(exc)
    if isinstance(exc, ProtectedError | RestrictedError):
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
