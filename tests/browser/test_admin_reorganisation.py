"""Commune staff merge two hamlets the way they would: open Sắp xếp đơn vị,
fill the form, read the preview's counts, keep the merged cell's secretary
and confirm. Drives Debian's chromium through Playwright."""

import pytest

from cells.constants import Role
from cells.models import Holding, Place, Reorganisation
from tests import factories
from tests.browser.chromium import BROWSER_TEST, screenshot, sign_in, vietnamese_context
from tests.cells.test_reorganisations import make_hamlet

pytestmark = BROWSER_TEST


@pytest.fixture
def page():
    with vietnamese_context(viewport={"width": 1400, "height": 1000}) as context:
        yield context.new_page()


def test_commune_staff_merge_two_hamlets_through_the_preview(
    live_server, page, reference_data, commune_a
):
    staff = factories.UserFactory(username="cb-sonlu", place=commune_a, role=Role.STAFF)
    (hamlet_1, _, secretary), (hamlet_2, _, _) = (
        make_hamlet(commune_a, "Khu 1"),
        make_hamlet(commune_a, "Khu 2"),
    )
    sign_in(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/admin/cells/reorganisation/add/")

    page.select_option("#id_kind", "sap_nhap")
    page.select_option("#id_subject", "4")
    # The two hamlets found by typing in the selector's filter, then moved across.
    page.fill("#id_predecessors_input", "khu")
    page.select_option("#id_predecessors_from", [str(hamlet_1.pk), str(hamlet_2.pk)])
    page.click("#id_predecessors_add")
    page.fill("#id_new_names", "Khu Đoàn Kết")
    page.fill("#id_effective_on", "01/07/2026")
    page.fill("#id_decision_number", "12/NQ-HĐND")
    page.click("input[type=submit][value='Xem trước']")

    counts = page.locator(".reorganisation-counts")
    counts.wait_for()
    assert "6 đảng viên chuyển sinh hoạt sang chi bộ kế thừa" in counts.inner_text()
    assert not Reorganisation.objects.exists()
    screenshot(page, "admin-reorganisation-preview.png")
    page.check(f"#carry-{secretary.pk}")
    page.click("input[name=confirm]")

    success = page.locator(".messagelist .success")
    success.wait_for()
    assert "Đã áp dụng" in success.inner_text()
    successor = Place.objects.get(name="Khu Đoàn Kết")
    assert Holding.objects.get(post__cell__hamlet=successor).person == secretary.person
