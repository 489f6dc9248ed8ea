"""Celery tasks of the awards app: thin, take ids, call a service."""

from celery import shared_task
from django.db import OperationalError

from .jobs import run_export_job


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    time_limit=30 * 60,
    soft_time_limit=29 * 60,
)
def build_award_list(job_id):
    """Build the file of an award-list export job (idempotent: a job already
    done is left alone; a failed one is rebuilt from scratch)."""
    job = run_export_job(job_id)
    return job.row_count if job else None
