"""The test suite: fast hashing, files kept in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PORTAL_FILES_ROOT = tempfile.mkdtemp(prefix="portal-test-files-")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the tests that run two
    # requests at once in threads need SQLite's real locking (waiting for the
    # write lock); the in-memory one answers "table is locked" at once. One
    # folder per run, so parallel runs on one machine never share the file.
    # Nothing to keep past the run: no waiting for the disk at each commit.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="portal-test-db-")) / "test.sqlite3")
    }
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"  # noqa: F405

# Tests run tasks in-process even when CI provides a broker; the tests marked
# `celery` switch this off and drive a real worker against the real broker.
CELERY_TASK_ALWAYS_EAGER = True

# A page's queries must not depend on the wall clock: on a slow machine more
# than a minute can pass between a test's sign-in and its page, which would
# add the session's renewal to a pinned count. tests/portal/test_sessions.py
# sets the production value back for the renewal's own tests.
SESSION_REFRESH_SECONDS = 3600
