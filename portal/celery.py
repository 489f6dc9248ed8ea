"""The Celery app. With no CELERY_BROKER_URL, tasks run in-process (eager)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["portal.reports"])

# Periodic reports, shortly after each period ends, in Vietnam time (the
# crontabs follow app.conf.timezone, set from CELERY_TIMEZONE). Each entry
# fans out one task per place; a rerun replaces, never duplicates.
app.conf.timezone = "Asia/Ho_Chi_Minh"
app.conf.beat_schedule = {
    "bao-cao-thang": {
        "task": "portal.reports.tasks.build_period_reports",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
        "args": ("month",),
    },
    "bao-cao-quy": {
        "task": "portal.reports.tasks.build_period_reports",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year="1,4,7,10"),
        "args": ("quarter",),
    },
    "bao-cao-so-ket-6-thang": {
        "task": "portal.reports.tasks.build_period_reports",
        "schedule": crontab(minute=30, hour=2, day_of_month=1, month_of_year="1,7"),
        "args": ("half",),
    },
    "bao-cao-tong-ket-nam": {
        "task": "portal.reports.tasks.build_period_reports",
        "schedule": crontab(minute=0, hour=3, day_of_month=1, month_of_year="1"),
        "args": ("year",),
    },
}
