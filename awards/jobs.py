"""Award lists too long to build in a request (more than 10,000 rows) are
built by a Celery task into a file in storage; the admin follows the job's
progress and offers the file once done, to users whose scope covers it. The
file is put on the audit trail when it is downloaded (`serve_file`), not
when the worker writes it."""

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .constants import ExportStatus
from .exports import list_from_params, write_list
from .models import ExportJob

logger = logging.getLogger(__name__)


def start_export(*, user, place, params, file_format):
    """Create the job and enqueue its task once the job row is committed."""
    from .tasks import build_award_list

    job = ExportJob.objects.create(user=user, place=place, params={**params, "format": file_format})
    transaction.on_commit(lambda: build_award_list.delay(job.pk))
    return job


def _claim(job_id):
    # A conditional update: two workers given the same job never both build
    # it, and a job already done is left alone (the task is idempotent).
    return ExportJob.objects.filter(
        pk=job_id, status__in=[ExportStatus.PENDING, ExportStatus.FAILED]
    ).update(status=ExportStatus.RUNNING, progress=0, error="")


def run_export_job(job_id):
    """Build the file of export job `job_id`; returns the job, or None when
    another run already built (or is building) it.

    The rows are those of the job's parameters, cut to the requester's scope
    and to the job's place. Progress is saved every 1,000 rows. On failure the
    job is marked failed, no file is kept, and the error is raised again.
    """
    if not _claim(job_id):
        return None
    job = ExportJob.objects.select_related("user", "place").get(pk=job_id)
    try:
        return _build(job)
    except Exception as error:
        logger.exception("Export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportStatus.FAILED, error=str(error))
        raise


def _build(job):
    award_list = list_from_params(job.params, job.user)
    award_list.awards = award_list.awards.within(job.place)
    total = max(award_list.count(), 1)

    def progress(done):
        ExportJob.objects.filter(pk=job.pk).update(progress=min(99, done * 100 // total))

    file_format = job.params.get("format", "xlsx")
    with tempfile.TemporaryFile() as handle:
        rows = write_list(award_list, handle, file_format, progress=progress)
        handle.seek(0)
        job.file.save(f"{award_list.filename_stem}.{file_format}", File(handle), save=False)
    job.status, job.progress, job.row_count = ExportStatus.DONE, 100, rows
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "progress", "row_count", "finished_at"])
    return job
