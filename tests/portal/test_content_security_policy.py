"""Every page the portal serves — admin, dashboards, API and its docs, the
lockout page — carries the Content-Security-Policy: scripts and styles from
the portal's own files only, no plugins, no framing, forms post home."""

import pytest

EXPECTED_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def directives(response):
    return {part.strip() for part in response.headers["Content-Security-Policy"].split(";")}


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/cells/person/", "/dashboard/", "/api/v1/places/", "/api/docs/"]
)
def test_signed_in_pages_carry_the_policy(login, district_staff, url):
    response = login(district_staff).get(url)
    assert response.status_code == 200
    assert directives(response) == EXPECTED_DIRECTIVES


def test_the_login_page_carries_the_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert directives(response) == EXPECTED_DIRECTIVES


def test_the_policy_allows_no_inline_script_or_style(client, db):
    policy = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_api_docs_page_has_no_inline_style(login, district_staff):
    page = login(district_staff).get("/api/docs/").content.decode()
    assert "<style" not in page
    assert "portal/swagger.css" in page
