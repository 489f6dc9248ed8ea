"""How personal data leaves the portal: the one place that decides a file's
format (.xlsx or .csv) and writes the audit entry of every download.

Every way out calls `record_download` exactly once: a list written at once
(award and badge lists, from a page or a command, through the writers of
awards/exports.py), a list exported from an admin change list
(core/admin_exports.py), and every stored file (an award list built in the
background, a periodic report, a meeting attachment), whose download goes
through `core.files.serve_file`. A file built by a background job is
recorded when it is downloaded, by whoever downloads it, not when the worker
writes it: that is when the data leaves.
"""

from auditlog.models import LogEntry
from django.db import models
from django.utils.translation import gettext as _

from .audit import log_event

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class ExportFormatError(ValueError):
    """Neither .xlsx nor .csv."""


def format_of(name):
    """The format, "xlsx" or "csv", from a format code or a file name's extension."""
    code = str(name).rsplit(".", 1)[-1].lower()
    if code not in CONTENT_TYPES:
        raise ExportFormatError(_("Chỉ xuất được tệp .xlsx hoặc .csv."))
    return code


def record_download(*, about, what, rows, scope):
    """One ACCESS entry on the audit trail: who (the request's or the task's
    actor) took what out of the portal, when, and how many rows.

    `about` is the record downloaded (a stored file's owner) or the model of a
    list; `scope` the path of the place the file covers; `rows` the number of
    rows of personal data, or None for a file that is no list (a report of
    figures, a meeting attachment).
    """
    instance = about if isinstance(about, models.Model) else about()
    return log_event(
        instance=instance,
        action=LogEntry.Action.ACCESS,
        description=what,
        scope=scope,
        rows=rows,
        export=what,
    )
