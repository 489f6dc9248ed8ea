"""Commune staff rate a cell's members in the grid with the keyboard only:
points typed box by box (Tab, and Enter moving on without submitting), the
grid saved with "Lưu", the level computed on the server shown in each row.
At phone width only the grid's own box scrolls sideways. Drives Debian's
chromium through Playwright."""

import pytest
from django.apps import apps

from ratings import defaults
from ratings.models import Criterion, Rating
from tests.browser.chromium import BROWSER_TEST, screenshot, sign_in, vietnamese_context
from tests.ratings.conftest import cell_a, commune_staff, members_a, rating_round  # noqa: F401

pytestmark = BROWSER_TEST


@pytest.fixture(autouse=True)
def rating_defaults(transactional_db):
    """The bands, conditions and criteria of the guidance back after an
    earlier transactional test emptied the tables (see tests/conftest.py)."""
    defaults.load(apps)


@pytest.fixture
def page():
    with vietnamese_context(viewport={"width": 1366, "height": 900}) as context:
        yield context.new_page()


def test_staff_type_points_with_the_keyboard_and_see_the_level(
    live_server,
    page,
    rating_round,  # noqa: F811
    cell_a,  # noqa: F811
    members_a,  # noqa: F811
    commune_staff,  # noqa: F811
):
    url = f"/danh-gia/{rating_round.pk}/chi-bo/{cell_a.pk}/"
    sign_in(page, live_server.url, commune_staff.username, next_url=url)
    criteria = list(Criterion.objects.filter(criteria_set=rating_round.member_criteria))
    first_row = page.locator("table.grid tbody tr").first
    assert first_row.locator("th").inner_text().startswith("Lê Văn An")

    # Lê Văn An's row: every criterion at 80 % of its maximum, by keyboard.
    first_row.locator("input.points").first.click()
    for index, criterion in enumerate(criteria):
        page.keyboard.type(str(criterion.max_points * 80 / 100).replace(".", ","))
        # Enter moves on (and does not submit); Tab works the same.
        page.keyboard.press("Enter" if index % 2 else "Tab")
    assert page.url.endswith(url)  # nothing submitted by Enter
    first_row.locator("input[type=checkbox]").first.check()
    page.click("#save")
    page.wait_for_selector(".messages li")

    assert "Đã lưu: 1 kết quả mới" in page.locator(".messages").inner_text()
    row = page.locator("table.grid tbody tr").first
    assert row.locator("td.level").inner_text() == "Hoàn thành tốt nhiệm vụ"
    assert row.locator("td.score").inner_text() == "80"
    assert Rating.objects.get().level == "tot"
    screenshot(page, "ratings-grid-desktop.png")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "ratings-grid-phone.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_typo_keeps_what_was_typed(
    live_server,
    page,
    rating_round,  # noqa: F811
    cell_a,  # noqa: F811
    members_a,  # noqa: F811
    commune_staff,  # noqa: F811
):
    url = f"/danh-gia/{rating_round.pk}/chi-bo/{cell_a.pk}/"
    sign_in(page, live_server.url, commune_staff.username, next_url=url)
    box = page.locator("table.grid tbody tr").first.locator("input.points").first
    box.fill("999")
    page.click("#save")
    page.wait_for_selector(".messages li.error")

    assert "vượt quá điểm tối đa" in page.locator(".messages").inner_text()
    assert (
        page.locator("table.grid tbody tr").first.locator("input.points").first.input_value()
        == "999"
    )
    assert not Rating.objects.exists()
