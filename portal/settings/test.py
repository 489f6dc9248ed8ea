"""The test suite: fast hashing, files kept in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PORTAL_FILES_ROOT = tempfile.mkdtemp(prefix="portal-test-files-")

# Tests run tasks in-process even when CI provides a broker; the tests marked
# `celery` switch this off and drive a real worker against the real broker.
CELERY_TASK_ALWAYS_EAGER = True
