"""A real Celery worker against a real broker (Redis in CI) builds a report
end to end. Skipped unless CELERY_BROKER_URL is set; CI sets it and runs on
PostgreSQL (DATABASE_URL), whose test database the worker shares."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from core.periods import Period
from portal.celery import app as celery_app
from portal.models import Report, ReportStatus
from portal.reports import services

pytestmark = [
    pytest.mark.celery,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"), reason="needs a real broker (CELERY_BROKER_URL)"
    ),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker shares the test database: needs PostgreSQL",
    ),
]


def _test_database_url():
    database = connection.settings_dict
    return (
        f"postgresql://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.fixture(autouse=True)
def post_types(reference_data):
    """Post types back after an earlier transactional test (see conftest)."""


@pytest.fixture
def worker(transactional_db, files_root):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_test_database_url(),
        DJANGO_SETTINGS_MODULE="portal.settings.local",
        PORTAL_FILES_ROOT=str(files_root),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "-l", "INFO"],
        cwd=settings.BASE_DIR,
        env=env,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_a_worker_builds_a_report(area, commune_a, worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    try:
        report = services.request_rebuild(place=commune_a, period=Period.parse("2023-H1"))
        from portal.reports.tasks import build_report

        build_report.delay(commune_a.pk, "2023-H1")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
                break
            time.sleep(0.5)
    finally:
        celery_app.conf.task_always_eager = True

    assert report.status == ReportStatus.DONE
    assert report.figures["party_members"] == 3
    assert Report.objects.filter(place=commune_a).count() == 1
