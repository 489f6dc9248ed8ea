"""What every browser test shares: Debian's chromium driven by Playwright
(never a downloaded browser), started headless with the flags this closed
network needs, a browser context set up like an official's, signing in, and
the folder of screenshots kept as test artifacts."""

import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by the tests around it are plain synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium keeps calling home, and
# every such connection is refused on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


@contextlib.contextmanager
def vietnamese_context(**options):
    """A browser context as an official's: Vietnamese, in Vietnam time."""
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
        finally:
            browser.close()


def sign_in(page, base_url, username, next_url=""):
    """Sign in through the admin's form, as people do."""
    page.goto(f"{base_url}/admin/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    if next_url:
        page.wait_for_url(f"**{next_url}")
    else:
        page.wait_for_selector("#user-tools")


def screenshot(page, name):
    """Keep a full-page screenshot in test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
