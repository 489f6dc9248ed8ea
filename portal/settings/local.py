"""`make run`: the embedded default, SQLite and in-process tasks."""

from .base import *  # noqa: F403
from .env import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
