"""Reading settings from the environment, failing loudly on a bad value."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} must be set.")
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a boolean.")


def env_int(name, default, *, minimum=None):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not an integer."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be at least {minimum}."
        )
    return number


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_patterns(name, default=()):
    """Regular expressions separated by spaces (a pattern holds none), each
    checked here so a bad one stops the portal at start-up."""
    import re

    value = os.environ.get(name)
    patterns = list(default) if value is None or not value.strip() else value.split()
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ImproperlyConfigured(
                f"Environment variable {name}: {pattern!r} is not a regular expression ({error})."
            ) from None
    return patterns
