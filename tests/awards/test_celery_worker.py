"""A large award list built by a real Celery worker through a real broker.

Runs when CELERY_BROKER_URL names a broker (CI sets a real Redis and a real
PostgreSQL); the worker is a subprocess pointed at this test database and
media folder.
"""

import io
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from awards.constants import BACKGROUND_EXPORT_ROWS, ExportStatus
from awards.models import Award
from awards.snapshots import place_fields
from cells.models import Person
from portal.celery import app as celery_app

pytestmark = [
    pytest.mark.celery,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (a real broker)"
    ),
]
ROWS = BACKGROUND_EXPORT_ROWS + 500
WAIT_SECONDS = 180
BASE_DIR = Path(settings.BASE_DIR)


def _worker_database_url():
    """DATABASE_URL of this test database, for the worker process."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        if "memory" in str(name):
            pytest.skip("an in-memory SQLite test database cannot be shared with a worker")
        return f"sqlite:///{name}"
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(url._replace(path=f"/{name}"))


@pytest.fixture(autouse=True)
def commendation_forms(reference_data):
    """Commendation forms back after an earlier transactional test (conftest)."""


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PORTAL_FILES_ROOT = str(tmp_path / "files")
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.awards.worker_settings",
        "AWARDS_TEST_MEDIA_ROOT": str(tmp_path / "media"),
        "AWARDS_TEST_FILES_ROOT": str(tmp_path / "files"),
    }
    celery = Path(sys.executable).with_name("celery")
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            str(celery),
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield tmp_path / "worker.log"
    finally:
        celery_app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _many_awards(decision, hamlet):
    people = []
    for number in range(ROWS):
        person = Person(full_name=f"Lò Văn Số{number}", place=hamlet)
        person.fill_derived_fields()
        people.append(person)
    people = Person.objects.bulk_create(people, batch_size=2000)
    awards = []
    for person in people:
        award = Award(decision=decision, person=person, achievement="Hoàn thành xuất sắc")
        award.apply_snapshot(
            {"recipient_name": person.full_name, "post_title": "", **place_fields(hamlet)}
        )
        awards.append(award)
    Award.objects.bulk_create(awards, batch_size=2000)


def _wait_until_done(client, status_url, log_path):
    deadline = time.monotonic() + WAIT_SECONDS
    seen = []
    while time.monotonic() < deadline:
        status = client.get(status_url).json()
        seen.append(status["progress"])
        if status["status"] in (ExportStatus.DONE, ExportStatus.FAILED):
            return status, seen
        time.sleep(0.5)
    pytest.fail(f"No result in {WAIT_SECONDS} s; worker log:\n{log_path.read_text()[-3000:]}")


def test_a_large_export_is_built_by_the_worker_and_downloadable(
    worker, login, district_staff, officer_b, decision, hamlet_a
):
    _many_awards(decision, hamlet_a)
    client = login(district_staff)
    response = client.get(reverse("admin:awards_decision_export", args=[decision.pk, "xlsx"]))
    assert response.status_code == 302
    job_id = int(response["Location"].rstrip("/").split("/")[-2])
    status_url = reverse("admin:awards_exportjob_status", args=[job_id])

    status, seen = _wait_until_done(client, status_url, worker)

    assert status["status"] == ExportStatus.DONE, status["error"]
    assert status["progress"] == 100
    assert seen == sorted(seen)
    assert status["row_count"] == ROWS
    download = client.get(status["download_url"])
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(values_only=True) if row[0] == ROWS]
    assert names and names[0].startswith("Lò Văn Số")
    client.logout()
    assert login(officer_b).get(status["download_url"]).status_code == 404
