"""A district staff member records a holding the way they would: signs in to
the Vietnamese admin, opens a person, adds a post with the autocomplete box
and a dd/mm/yyyy date, and saves. Drives Debian's chromium through Playwright."""

import datetime

import pytest
from django.utils import timezone

from cells.constants import PostTypeCode
from cells.models import Holding, PostType
from tests import factories
from tests.browser.chromium import BROWSER_TEST, screenshot, sign_in, vietnamese_context

pytestmark = BROWSER_TEST


@pytest.fixture
def front_head_post(reference_data, hamlet_a):
    # reference_data: the post types again after an earlier transactional test.
    post_type = PostType.objects.get(code=PostTypeCode.FRONT_HEAD)
    return factories.HamletPostFactory(place=hamlet_a, post_type=post_type)


@pytest.fixture
def page():
    with vietnamese_context(viewport={"width": 1400, "height": 1000}) as context:
        yield context.new_page()


def pick_in_autocomplete(page, row, field, text, choice):
    """Open the select2 box of `field` in inline row `row`, type, pick `choice`."""
    page.click(f"#{row} .field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{choice}')")


def test_district_staff_adds_a_holding_to_a_person(
    live_server, page, district_staff, hamlet_a, front_head_post
):
    person = factories.PersonFactory(full_name="Hà Văn Thuận", place=hamlet_a, citizen_id=None)
    sign_in(page, live_server.url, district_staff.username)
    page.goto(f"{live_server.url}/admin/cells/person/{person.pk}/change/")
    assert page.locator("#site-name").inner_text() == "Quản lý chi bộ thôn, bản, tổ dân phố"

    page.click("#holdings-group .add-row a")
    pick_in_autocomplete(page, "holdings-0", "post", "truong ban", "Trưởng ban công tác Mặt trận")
    page.fill("#id_holdings-0-start_date", "05/05/2022")
    page.fill("#id_holdings-0-decision_number", "15-QĐ/ĐU")
    # The calendar's "today" shortcut writes day first, like the typed dates.
    page.click("#holdings-0 .field-decision_date .datetimeshortcuts a:has-text('Hôm nay')")
    today = timezone.localdate()
    assert page.input_value("#id_holdings-0-decision_date") == today.strftime("%d/%m/%Y")
    page.click("input[name=_save]")

    success = page.locator(".messagelist .success")
    success.wait_for()
    assert "đã được thay đổi thành công" in success.inner_text()
    screenshot(page, "admin-holding-added.png")

    holding = Holding.objects.get(person=person)
    assert holding.post == front_head_post
    assert holding.start_date == datetime.date(2022, 5, 5)
    assert holding.decision_number == "15-QĐ/ĐU"
    assert holding.decision_date == today
