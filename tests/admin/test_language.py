"""Vietnamese first, English second: the header switches language with a
plain form, and the project's own strings have English translations."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture(scope="module", autouse=True)
def compiled_messages():
    # `make test` compiles them too; a bare pytest run must not depend on it.
    call_command("compilemessages", locale=["en", "vi"], ignore_patterns=[".venv"], verbosity=0)


def test_it_speaks_vietnamese_by_default(login, officer_a, records_a):
    page = login(officer_a).get(reverse("admin:cells_post_changelist")).content.decode()
    assert "Quản lý chi bộ thôn, bản, tổ dân phố" in page
    assert "Người đang giữ" in page
    assert 'lang="vi"' in page


def test_it_switches_the_admin_to_english_from_the_header(login, officer_a, records_a):
    client = login(officer_a)
    url = reverse("admin:cells_post_changelist")
    page = client.get(url).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    switch = page.split('class="language-switch"')[1].split("</form>")[0]
    assert re.search(r'name="language" value="en" lang="en"\s*>English</button>', switch)
    assert re.search(r'value="vi" lang="vi"\s*class="current"[^>]*>Tiếng Việt</button>', switch)
    assert "<script" not in switch

    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert "Hamlet party cell records" in english
    assert "Current holder" in english
    assert "Vacant" in english and "Filled" in english


def test_it_translates_model_messages_to_english(login, district_staff, hamlet_a):
    client = login(district_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("admin:cells_person_add"),
        {
            "full_name": "Hà Văn Mới",
            "place": hamlet_a.pk,
            "citizen_id": "12345",
            "holdings-TOTAL_FORMS": "0",
            "holdings-INITIAL_FORMS": "0",
        },
    )
    assert "A citizen ID has exactly 12 digits." in response.content.decode()


def test_it_fills_the_gaps_of_django_vietnamese_admin(login, officer_a, records_a):
    client = login(officer_a)
    page = client.get(reverse("admin:cells_person_changelist")).content.decode()
    assert "Theo giới tính" in page and "Bởi giới tính" not in page
    assert "Hiện số lượng" in page and "Show counts" not in page
    history = client.get(reverse("admin:cells_person_change", args=[records_a["person"].pk]))
    assert "Lịch sử" in history.content.decode()
    calendar = client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Sunday": "Ch\\u1ee7 nh\\u1eadt"' in calendar  # "Chủ nhật", JSON-escaped


def untranslated(po_file):
    """Vietnamese msgids of `po_file` with no English, or only a fuzzy guess."""
    found = []
    for flags in (["--untranslated"], ["--only-fuzzy"]):
        out = subprocess.run(
            ["msgattrib", *flags, "--no-wrap", "--no-location", str(po_file)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found += [m for m in re.findall(r'^msgid "(.+)"$', out, re.M) if not m.isascii()]
    return found


def test_it_has_english_for_every_catalogued_string():
    # After `makemessages -l en`, fill every new msgstr: an empty one shows
    # Vietnamese on the English pages, a fuzzy one shows nothing at all.
    po_file = Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po"
    assert untranslated(po_file) == []
