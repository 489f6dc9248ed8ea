"""Settings of the Celery worker started by test_celery_worker.py: the test
settings, with the media and files folders of the test process (the test settings pick
a fresh temporary folder in every process)."""

import os

from portal.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ["AWARDS_TEST_MEDIA_ROOT"]
PORTAL_FILES_ROOT = os.environ["AWARDS_TEST_FILES_ROOT"]
