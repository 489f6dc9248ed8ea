"""Celery tasks and the beat schedule of the periodic reports."""

import datetime
import logging
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError

from core.periods import Period
from portal.celery import app
from portal.models import Report, ReportStatus
from portal.reports import services, tasks
from portal.reports.periods import period_before


def test_beat_schedule_in_vietnam_time():
    schedule = app.conf.beat_schedule

    assert app.conf.timezone == "Asia/Ho_Chi_Minh"
    by_kind = {entry["args"][0]: entry for entry in schedule.values()}
    assert set(by_kind) == {"month", "quarter", "half", "year"}
    for entry in schedule.values():
        assert entry["task"] == "portal.reports.tasks.build_period_reports"
        assert entry["task"] in app.tasks
    assert by_kind["month"]["schedule"] == crontab(minute=30, hour=1, day_of_month=1)
    assert by_kind["quarter"]["schedule"] == crontab(
        minute=0, hour=2, day_of_month=1, month_of_year="1,4,7,10"
    )
    assert by_kind["half"]["schedule"] == crontab(
        minute=30, hour=2, day_of_month=1, month_of_year="1,7"
    )
    assert by_kind["year"]["schedule"] == crontab(
        minute=0, hour=3, day_of_month=1, month_of_year="1"
    )


@pytest.mark.parametrize(
    "kind, today, code",
    [
        ("month", datetime.date(2024, 1, 1), "2023-12"),
        ("quarter", datetime.date(2023, 10, 1), "2023-Q3"),
        ("half", datetime.date(2023, 7, 1), "2023-H1"),
        ("half", datetime.date(2024, 1, 1), "2023-H2"),
        ("year", datetime.date(2024, 1, 1), "2023"),
    ],
)
def test_period_just_ended(kind, today, code):
    assert period_before(kind, today).code == code


def test_fan_out_builds_one_report_per_place(area, province, district, commune_a, commune_b):
    with mock.patch(
        "portal.reports.tasks.timezone.localdate", return_value=datetime.date(2024, 1, 1)
    ):
        count = tasks.build_period_reports.delay("year").get()

    assert count == 4  # province, district, two communes
    places = set(Report.objects.filter(period="2023").values_list("place__code", flat=True))
    assert places == {"38", "387", "15001", "14995"}
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DONE}


def test_rerunning_the_fan_out_does_not_duplicate(area):
    with mock.patch(
        "portal.reports.tasks.timezone.localdate", return_value=datetime.date(2024, 1, 1)
    ):
        tasks.build_period_reports.delay("year")
        tasks.build_period_reports.delay("year")

    assert Report.objects.filter(period="2023").count() == 4


def test_a_database_error_is_retried_then_logged_leaving_no_file(area, commune_a, caplog):
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        raise OperationalError("database is locked")

    with (
        mock.patch.object(services, "report_figures", side_effect=failing),
        caplog.at_level(logging.ERROR),
        pytest.raises((OperationalError, Retry)),
    ):
        # Eager mode runs the retries in place (a worker waits with backoff).
        tasks.build_report.apply(args=[commune_a.pk, "2023-H1"], throw=False)

    task = tasks.build_report
    assert OperationalError in task.autoretry_for and task.retry_backoff
    assert task.max_retries == 5 and len(calls) >= 2  # it was tried again
    report = Report.objects.get(place=commune_a, period="2023-H1")
    assert report.status == ReportStatus.FAILED and not report.file
    assert "database is locked" in report.error
    assert "failed" in caplog.text
    assert not list(Path(settings.PORTAL_FILES_ROOT, "reports").rglob("*2023-H1*"))


def test_other_errors_are_not_retried(area, commune_a):
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        raise ValueError("bug")

    with mock.patch.object(services, "report_figures", side_effect=failing):
        result = tasks.build_report.apply(args=[commune_a.pk, "2023-H1"], throw=False)

    assert result.state == "FAILURE" and len(calls) == 1


def test_period_of_a_report_round_trips(area, commune_a):
    report = services.build_report(place=commune_a, period=Period.parse("2023-Q2"))
    assert str(report) == "Báo cáo quý II/2023 — Thị trấn Sơn Lư"
