"""Building a periodic report: figures from the area summary, a workbook in
the fixed layout, stored atomically, exactly once per (place, kind, period).

How "exactly once" holds:
* the row is unique on (place, kind, period) in the database, and created
  with get_or_create, so two schedulers asking at once share one row;
* a builder claims the row with a conditional UPDATE (only a row not being
  built, or whose builder's claim is older than the task time limit, i.e. a
  dead worker's); the database lets exactly one UPDATE match, so two workers
  never build the same report at the same time;
* the workbook is written to a temporary file first and moved to its final
  name only when complete; the row is switched to the new figures and file
  in one transaction that also checks the claim is still ours. A worker
  killed mid-build leaves the previous report (or none) and a stale claim,
  which the next run takes over.
"""

import datetime
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cells.constants import Level
from core.periods import Period
from portal.dashboards.history import report_comparison
from portal.models import Report, ReportStatus
from portal.summary import area_figures

from .exports import write_report_workbook

log = logging.getLogger(__name__)

REPORT_DIR = "reports"


def stale_after():
    """A claim older than this belongs to a worker that died."""
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def report_figures(place, period):
    """The figures of the report of `place` for `period`: exactly its
    `area_figures`, plus for a district or province the rows of its communes
    under "commune_rows"."""
    if place.level >= Level.COMMUNE:
        return area_figures(place, period=period).area
    figures, rows = area_figures(place, period=period, communes=True)
    return {**figures, "commune_rows": list(rows.values())}


def report_for(*, place, period):
    """The one row of (place, kind, period), created pending if missing.
    Only for periods a user may ask for (`Period.parse` bounds the years): a
    Period built otherwise is checked again here, the one way rows are made."""
    period = Period.parse(period.code)
    defaults = {"period_end": period.end}
    try:
        with transaction.atomic():
            report, _created = Report.objects.get_or_create(
                place=place, kind=period.kind, period=period.code, defaults=defaults
            )
    except IntegrityError:
        # Someone created it between our SELECT and INSERT: it is there now.
        report = Report.objects.get(place=place, kind=period.kind, period=period.code)
    return report


def claim(report, *, now=None):
    """Claim `report` for building; False when a live builder holds it."""
    now = now or timezone.now()
    free = ~Q(status=ReportStatus.BUILDING) | Q(claimed_at__lt=now - stale_after())
    claimed = Report.objects.filter(free, pk=report.pk).update(
        status=ReportStatus.BUILDING, claimed_at=now, attempt=F("attempt") + 1, error=""
    )
    if claimed:
        report.status, report.claimed_at = ReportStatus.BUILDING, now
    return bool(claimed)


def request_rebuild(*, place, period):
    """Mark the report as wanted (pending) unless it is being built; returns it."""
    report = report_for(place=place, period=period)
    Report.objects.filter(pk=report.pk).exclude(status=ReportStatus.BUILDING).update(
        status=ReportStatus.PENDING
    )
    report.refresh_from_db()
    return report


def build_report(*, place, period):
    """Build (or rebuild) the report of `place` for `period` and return its
    row. When another builder is at work on it, return the row untouched."""
    report = report_for(place=place, period=period)
    if not claim(report):
        log.info("Report %s is being built elsewhere; skipped", report.pk)
        return report
    try:
        figures = report_figures(place, period)
        temporary = _write_temporary(place, period, figures, report_comparison(place, period))
        _swap_in(report, figures, temporary)
    except Exception as error:
        # Only our own claim is released; the previous file stays as it was.
        Report.objects.filter(pk=report.pk, claimed_at=report.claimed_at).update(
            status=ReportStatus.FAILED, error=str(error)[:2000]
        )
        log.exception("Building report %s of %s for %s failed", report.pk, place, period)
        raise
    report.refresh_from_db()
    return report


def _storage():
    return Report._meta.get_field("file").storage


def _storage_dir():
    folder = Path(_storage().path(REPORT_DIR))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_temporary(place, period, figures, comparison=None):
    handle, name = tempfile.mkstemp(prefix=".building-", suffix=".xlsx", dir=_storage_dir())
    os.close(handle)
    try:
        write_report_workbook(
            name, place=place, period=period, figures=figures, comparison=comparison
        )
    except BaseException:
        os.unlink(name)
        raise
    return name


def _final_name(place, period):
    # The storage puts the name in a folder of its own with a random name.
    code = place.code or f"id{place.pk}"
    return _storage().generate_filename(f"{REPORT_DIR}/bao-cao-{code}-{period.code}.xlsx")


def _swap_in(report, figures, temporary):
    """Move the finished workbook to its final name and point the row at it,
    if our claim still holds; the replaced file goes once the row is saved."""
    name = _final_name(report.place, _period_of(report))
    final = Path(_storage().path(name))
    final.parent.mkdir()
    os.replace(temporary, final)  # atomic on one file system
    try:
        with transaction.atomic():
            row = Report.objects.select_for_update().get(pk=report.pk)
            if row.claimed_at != report.claimed_at or row.status != ReportStatus.BUILDING:
                raise ClaimLost(f"Report {report.pk} was taken over by another builder")
            old = row.file.name
            row.figures = figures
            row.file.name = name
            row.status = ReportStatus.DONE
            row.built_at = timezone.now()
            row.claimed_at = None
            row.error = ""
            row.save()
            if old and old != name:
                transaction.on_commit(lambda: _remove(old))
    except BaseException:
        _remove(name)
        raise


def _period_of(report):
    return Period.from_code(report.period)


def _remove(name):
    _storage().remove(name)


class ClaimLost(RuntimeError):
    """Another builder took the report over (ours was presumed dead)."""


def places_with_reports(period):
    """Ids of the communes in force at the end of `period` that have a party
    committee, and of every district and province above them."""
    from cells.models import Place

    paths = (
        Place.objects.communes()
        .valid_on(period.end)
        .filter(committees__isnull=False)
        .values_list("path", flat=True)
        .distinct()
    )
    ids = set()
    for path in paths:
        ids.update(int(part) for part in path.strip("/").split("/"))
    return sorted(ids)


def enqueue_rebuild(report):
    """Queue a rebuild of `report` once the current transaction commits."""
    from .tasks import build_report as build_task

    transaction.on_commit(lambda: build_task.delay(report.place_id, report.period))
