"""Celery tasks of the periodic reports: thin, by id and period code."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from cells.models import Place
from core.periods import Period

from . import services
from .periods import period_before

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def build_report(place_id, period_code):
    """Build the report of one place for one period (idempotent: the row is
    unique per place, kind and period, and claimed before it is built)."""
    place = Place.objects.get(pk=place_id)
    report = services.build_report(place=place, period=Period.parse(period_code))
    return report.pk


@shared_task
def build_period_reports(kind):
    """Beat: enqueue the report of every commune, district and province with
    party cells for the period of `kind` that just ended (Vietnam time)."""
    period = period_before(kind, timezone.localdate())
    place_ids = services.places_with_reports(period)
    for place_id in place_ids:
        build_report.delay(place_id, period.code)
    log.info("Enqueued %s %s reports for %s", len(place_ids), kind, period.code)
    return len(place_ids)
