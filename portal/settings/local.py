"""`make run`: the embedded default, SQLite and in-process tasks."""

from .base import *  # noqa: F403
from .env import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Embedded worker (`make run`, no Redis): with PORTAL_EMBEDDED_WORKER=1 and no
# CELERY_BROKER_URL, tasks travel through kombu's filesystem transport under
# var/celery/ to the one worker `make run` starts next to runserver
# (`celery -A portal worker -B --pool=solo`, beat included), so periodic
# reports are built on schedule and the rebuild button works without Redis.
# Without the flag (tests, a bare runserver) tasks still run in-process.
if CELERY_BROKER_URL is None and env_bool("PORTAL_EMBEDDED_WORKER", False):  # noqa: F405
    CELERY_DIR = BASE_DIR / "var" / "celery"  # noqa: F405
    for _folder in ("queue", "processed", "control"):
        (CELERY_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = None  # progress is read from the Report rows
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DIR / "beat-schedule")
