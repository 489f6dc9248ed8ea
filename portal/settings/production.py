"""Production: everything secret or site-specific comes from the environment."""

from .base import *  # noqa: F403
from .env import env_list, env_str

SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
