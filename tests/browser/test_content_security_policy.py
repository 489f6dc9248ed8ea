"""The portal's own pages keep to their Content-Security-Policy: a browser
opens the admin login, a change list, a change form whose autocomplete box it
uses, the two-factor enrolment page with its QR code, a dashboard with its
charts and the Swagger UI, and the browser reports no violation. Drives
Debian's chromium through Playwright."""

import pytest

from tests.browser.chromium import BROWSER_TEST, screenshot, sign_in, vietnamese_context
from tests.dashboards.conftest import area, hamlet_a2  # noqa: F401  (shared fixtures)

# Every `securitypolicyviolation` event of every page is handed to Python; the
# script is injected by the browser's debugging protocol, which the policy
# does not govern.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} ${event.blockedURI} at ${event.documentURI}`);
});
"""

pytestmark = BROWSER_TEST


@pytest.fixture(autouse=True)
def post_types(reference_data):
    """Post types back after an earlier transactional test (see conftest)."""


@pytest.fixture
def browser_page():
    """A page, and the list of every violation it and its console report."""
    violations = []
    with vietnamese_context(viewport={"width": 1366, "height": 900}) as context:
        context.expose_binding("reportViolation", lambda _source, text: violations.append(text))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and violations.append(message.text)
            ),
        )
        yield page, violations


def test_admin_dashboard_and_api_docs_raise_no_violation(
    live_server,
    browser_page,
    area,  # noqa: F811
    district_staff,
    hamlet_a,
):
    page, violations = browser_page
    person = area["cell_a"].hamlet.people.first()
    sign_in(page, live_server.url, district_staff.username)

    page.goto(f"{live_server.url}/admin/cells/person/")
    page.wait_for_selector("#result_list")

    page.goto(f"{live_server.url}/admin/cells/person/{person.pk}/change/")
    page.click(".field-place .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "khu")
    page.wait_for_selector(".select2-results__option:has-text('Khu 2')")

    page.goto(f"{live_server.url}/tai-khoan/xac-thuc-hai-buoc/")
    page.wait_for_selector(".qr-code svg")
    screenshot(page, "two-factor-enrolment.png")

    page.goto(f"{live_server.url}/dashboard/?date=2023-12-31")
    page.wait_for_selector("svg.chart")

    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_a_violation_would_be_seen(live_server, browser_page, db):
    """The listener above is no test that cannot fail: an image from another
    site breaks img-src and is reported."""
    page, violations = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"https://example.invalid/x.png\">')"
    )
    page.wait_for_function("true")
    page.wait_for_timeout(500)
    assert any("img-src" in violation for violation in violations)
