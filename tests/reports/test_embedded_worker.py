"""`make run` without Redis: the local settings send tasks through kombu's
filesystem transport to the worker the Makefile starts next to runserver."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import json; from portal.settings import local as s; print(json.dumps("
    "[s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, "
    "getattr(s, 'CELERY_BROKER_TRANSPORT_OPTIONS', {}).get('data_folder_in')]))"
)


def local_settings(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CELERY_")}
    env.update(environment)
    output = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def test_make_run_uses_the_filesystem_broker():
    broker, eager, folder = local_settings(PORTAL_EMBEDDED_WORKER="1")

    assert broker == "filesystem://" and eager is False
    assert folder.endswith("var/celery/queue")


def test_without_the_flag_tasks_run_in_process():
    broker, eager, _folder = local_settings()

    assert broker is None and eager is True


def test_make_run_starts_and_stops_a_worker_with_beat():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    recipe = makefile[makefile.index("\nrun:") : makefile.index("\nlint:")]

    assert "celery -A portal worker -B --pool=solo" in recipe
    assert "PORTAL_EMBEDDED_WORKER=1" in recipe
    assert "trap 'kill $$worker" in recipe
