"""Options the management commands share, read the one way: a value that is
wrong (a period, a date, a file that cannot be written) is a CommandError
with one Vietnamese line, which Django prints without a traceback."""

import contextlib
import datetime
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.periods import Period, PeriodError, validate_date_in_range


def period_option(text):
    """The Period of a --period option (None when not given)."""
    if not text:
        return None
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise CommandError(str(error)) from None


def date_option(text):
    """The date of a --date option, YYYY-MM-DD (None when not given), in
    the years figures are kept for."""
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            _("Ngày “%(text)s” không hợp lệ: viết theo dạng YYYY-MM-DD, ví dụ 2023-12-31.")
            % {"text": text}
        ) from None
    try:
        validate_date_in_range(day)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    return day


def output_option(path, suffixes=(".xlsx", ".csv")):
    """Check an --output FILE before any work is done: its ending, and a
    folder that exists and may be written to."""
    if suffixes and not path.lower().endswith(tuple(suffixes)):
        raise CommandError(
            _("Tệp ghi ra phải có đuôi %(suffixes)s.") % {"suffixes": " hoặc ".join(suffixes)}
        )
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise CommandError(_("Không có thư mục “%(folder)s” để ghi tệp.") % {"folder": folder})
    if not os.access(folder, os.W_OK):
        raise CommandError(_("Không được ghi vào thư mục “%(folder)s”.") % {"folder": folder})
    return path


@contextlib.contextmanager
def writing(path):
    """Writing `path`: a failure the checks above could not foresee (disk
    full, a folder where the file should be) is one line too."""
    try:
        yield
    except OSError as error:
        raise CommandError(
            _("Không ghi được tệp “%(path)s”: %(reason)s.")
            % {"path": path, "reason": error.strerror or error}
        ) from None


class ServerAccount:
    """Who a command acts as when no account is named: the server's operator,
    whose shell can change everything already. Records no person as the
    one who wrote (`pk` None), passes every scope check."""

    pk = None
    place = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    can_edit = True

    def __str__(self):
        return "manage.py"


def account_option(username):
    """The account a command acts as (--user NAME), or the server's."""
    if not username:
        return ServerAccount()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("Không có tài khoản “%(name)s” đang hoạt động.") % {"name": username})
    return user
