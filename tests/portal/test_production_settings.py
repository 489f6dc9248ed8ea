"""Production settings are selected by the environment and pass Django's
deployment checks; without their secrets they refuse to start."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    return subprocess.run(
        [*MANAGE, *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="portal.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="portal.example.vn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_with_a_negative_proxy_count():
    result = run_manage(
        "check",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="portal.example.vn",
        DJANGO_PROXY_COUNT="-1",
    )
    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT='-1' must be at least 0" in result.stderr


def trusted_proxies(**env):
    show = "from django.conf import settings; print(settings.PORTAL_TRUSTED_PROXY_COUNT)"
    keys = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "DJANGO_ALLOWED_HOSTS": "x.vn"}
    return run_manage("shell", "--no-imports", "-c", show, **keys, **env).stdout.strip()


def test_production_trusts_one_proxy_unless_told_otherwise():
    assert trusted_proxies() == "1"
    assert trusted_proxies(DJANGO_PROXY_COUNT="2") == "2"
