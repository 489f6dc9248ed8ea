"""A commune officer signs in through the form, opens the dashboard and sees
the charts drawn; screenshots at desktop and phone width are kept in
test-artifacts/. Drives Debian's chromium through Playwright."""

import datetime

import pytest

from cells.constants import PostTypeCode
from meetings.models import Meeting
from tests.browser.chromium import BROWSER_TEST, screenshot, sign_in, vietnamese_context
from tests.dashboards.conftest import area, hamlet_a2  # noqa: F401  (shared fixtures)

CELL_TYPES = {
    PostTypeCode.CELL_SECRETARY,
    PostTypeCode.DEPUTY_SECRETARY,
    PostTypeCode.CELL_COMMITTEE,
}

pytestmark = BROWSER_TEST


@pytest.fixture(autouse=True)
def post_types(reference_data):
    """Post types back after an earlier transactional test (see conftest)."""


@pytest.fixture
def meetings(area):  # noqa: F811
    """Monthly meetings of 2023 in two cells, Khu 2 missing three months."""
    for cell, missing in ((area["cell_a"], set()), (area["cell_a2"], {4, 8, 11})):
        for month in range(1, 13):
            if month not in missing:
                Meeting.objects.create(
                    cell=cell,
                    kind="thuong_ky",
                    date=datetime.date(2023, month, 12),
                    duration_minutes=95,
                    reported_present=3,
                )


@pytest.fixture
def page():
    with vietnamese_context(viewport={"width": 1366, "height": 900}) as context:
        yield context.new_page()


def test_officer_sees_the_dashboard_charts(live_server, page, area, meetings, officer_a):  # noqa: F811
    sign_in(page, live_server.url, officer_a.username, next_url="/dashboard/")

    page.goto(f"{live_server.url}/dashboard/?date=2023-12-31")
    assert page.locator("h1").inner_text().startswith("Thị trấn Sơn Lư")
    charts = page.locator("svg.chart")
    assert charts.count() >= 2
    assert page.locator("svg.chart polyline.line").count() == 1
    assert page.locator("svg.chart circle.dot").count() == 12
    assert page.locator("svg.chart rect.bar").count() >= 12
    assert page.locator("table.sortable tbody tr").count() == 2

    screenshot(page, "dashboard-commune-desktop.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "dashboard-commune-phone.png")
    # On a phone nothing but the wide tables scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_district_staff_sorts_communes_and_rebuilds_a_report(
    live_server,
    page,
    area,  # noqa: F811
    district_staff,
):
    sign_in(page, live_server.url, district_staff.username, next_url="/dashboard/387/")

    page.goto(f"{live_server.url}/dashboard/387/?date=2023-12-31")
    first_cells = "table.sortable tbody tr td:first-child"
    members = page.locator("table.sortable thead th", has_text="Đảng viên")
    members.click()
    assert page.locator(first_cells).first.inner_text() == "Xã Trung Xuân"  # 1 member
    members.click()
    assert page.locator(first_cells).first.inner_text() == "Thị trấn Sơn Lư"  # 4 members

    page.fill("form.rebuild input[name=period]", "2023-H1")
    page.click("form.rebuild button")
    link = page.locator("#bao-cao td.download a")
    link.wait_for()
    assert "6 tháng đầu năm 2023" in page.locator("#bao-cao").inner_text()
    screenshot(page, "dashboard-district-desktop.png")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "bao-cao-387-2023-H1.xlsx"
