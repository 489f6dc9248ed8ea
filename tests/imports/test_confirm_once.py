"""Confirming an import writes it exactly once: from two tabs at once, four
fast clicks, another session of the same user; never for another user."""

import datetime
import html
import re
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cells.imports.hamlets import COLUMNS as HAMLET_COLUMNS
from cells.models import Holding, Person, StagedImport
from tests.imports.conftest import xlsx_bytes
from tests.imports.test_admin_import import IMPORT_URL, LIST_URL, upload
from tests.imports.test_people import people_row
from tests.threads import at_once

pytestmark = pytest.mark.urls("tests.imports.urls")

HAMLET_HEADERS = [column.header for column in HAMLET_COLUMNS]
ROWS = [
    people_row(),
    people_row(**{"Họ và tên": "Hà Thị Mai", "Ngày sinh": "02/09/1985", "Chức danh": ""}),
]
DONE = "Đã nhập 2 dòng"
ALREADY = ("Tệp này đã được nhập lúc", "Tệp này đang được nhập")
EXPIRED = "Phiên nhập đã hết hạn"


@pytest.fixture
def staff_client(client, district_staff, hamlet_a, cell_a):
    client.force_login(district_staff)
    return client


def another_tab(client):
    """A second client on the same browser session (another tab)."""
    tab = Client()
    tab.cookies = SimpleCookie()
    name = settings.SESSION_COOKIE_NAME
    tab.cookies[name] = client.cookies[name].value
    return tab


def confirm(client, token):
    """Confirm `token`; the page it lands on and the messages shown there
    (read from the page: the test client's `context` mixes the templates of
    requests made in other threads)."""
    response = client.post(IMPORT_URL, {"token": token}, follow=True)
    page = response.content.decode()
    shown = re.findall(r'<ul class="messagelist">(.*?)</ul>', page, re.DOTALL)
    messages = re.findall(r"<li[^>]*>(.*?)</li>", "".join(shown), re.DOTALL)
    return response, [html.unescape(message.strip()) for message in messages]


def assert_written_once():
    assert Person.objects.count() == 2
    assert Holding.objects.count() == 1


def assert_one_writer(outcomes):
    """One confirm says it imported; every other says the file is (being)
    imported already; all land on the list."""
    assert all(response.redirect_chain == [(LIST_URL, 302)] for response, _ in outcomes)
    texts = [" ".join(shown) for _response, shown in outcomes]
    assert sum(DONE in text for text in texts) == 1, texts
    assert sum(text.startswith(ALREADY) for text in texts) == len(outcomes) - 1, texts


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tabs", [2, 4])
def test_confirms_sent_at_once_write_the_import_once(reference_data, staff_client, tabs):
    token = upload(staff_client, ROWS).context["token"]
    clients = [staff_client] + [another_tab(staff_client) for _ in range(tabs - 1)]

    outcomes = at_once(*(lambda client=client: confirm(client, token) for client in clients))

    assert_one_writer(outcomes)
    assert_written_once()


def test_confirming_again_says_when_the_file_was_imported(staff_client, district_staff, hamlet_a):
    token = upload(staff_client, ROWS).context["token"]
    later_session = Client()
    later_session.force_login(district_staff)

    outcomes = [confirm(client, token) for client in (staff_client, staff_client, later_session)]
    outcomes.append(confirm(another_tab(staff_client), token))

    assert_one_writer(outcomes)
    assert_written_once()
    imported_at = timezone.localtime(StagedImport.objects.get().finished_at)
    assert f"lúc {imported_at:%H:%M} ngày {imported_at:%d/%m/%Y}" in outcomes[1][1][0]


def test_another_user_cannot_confirm_the_upload(staff_client, login, other_district_staff):
    token = upload(staff_client, ROWS).context["token"]
    outsider = Client()
    outsider.force_login(other_district_staff)

    response, shown = confirm(outsider, token)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert shown == ["Phiên nhập đã hết hạn: hãy tải tệp lên lại."]
    assert Person.objects.count() == 0
    _response, shown = confirm(staff_client, token)  # the owner still can
    assert DONE in shown[0]
    assert_written_once()


def test_a_confirm_that_fails_leaves_the_upload_to_confirm_again(staff_client, hamlet_a):
    token = upload(staff_client, ROWS).context["token"]
    # Someone records the post's holder meanwhile: the confirm checks again.
    from tests import factories

    rival = factories.HoldingFactory(
        person__place=hamlet_a,
        post__place=hamlet_a,
        start_date=datetime.date(2019, 1, 1),
    )

    response = staff_client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 200
    assert "đã có người giữ" in response.content.decode()
    assert Person.objects.count() == 1  # the rival only
    rival.delete()
    _response, shown = confirm(staff_client, token)
    assert DONE in shown[0]
    assert Person.objects.count() == 3


def test_uploads_left_unconfirmed_for_a_day_are_swept(staff_client):
    stale = upload(staff_client, ROWS).context["token"]
    StagedImport.objects.update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))

    upload(staff_client, ROWS)

    assert not StagedImport.objects.filter(token=stale).exists()
    _response, shown = confirm(staff_client, stale)
    assert shown == ["Phiên nhập đã hết hạn: hãy tải tệp lên lại."]
    assert Person.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_file_confirmed_at_once_write_it_once(reference_data, staff_client):
    tokens = [upload(staff_client, ROWS).context["token"] for _ in range(2)]
    clients = [staff_client, another_tab(staff_client)]

    outcomes = at_once(
        *(
            lambda client=client, token=token: confirm(client, token)
            for client, token in zip(clients, tokens, strict=True)
        )
    )

    assert_written_once()
    done = [response for response, shown in outcomes if shown and DONE in shown[0]]
    refused = [response for response, _shown in outcomes if response.redirect_chain == []]
    assert len(done) == 1 and len(refused) == 1
    # Whichever database: the second finds the first's holder, or is refused
    # by the database; in words either way, nothing written twice.
    page = refused[0].content.decode()
    assert refused[0].status_code == 200
    recorded = "Trùng với Lò Văn Un, đã có trong hệ thống"
    assert recorded in page or "Cùng lúc đó đã có người ghi các bản ghi này" in page


def test_a_confirm_whose_request_died_is_taken_over_later(staff_client):
    token = upload(staff_client, ROWS).context["token"]
    died = timezone.now() - StagedImport.CLAIM_TIMEOUT - datetime.timedelta(minutes=1)
    StagedImport.objects.update(claimed_at=died)  # claimed, never finished

    _response, shown = confirm(staff_client, token)

    assert DONE in shown[0]
    assert_written_once()


def test_a_token_is_confirmed_only_on_the_import_it_was_uploaded_to(staff_client):
    token = upload(staff_client, ROWS).context["token"]

    response = staff_client.post("/admin/cells/place/nhap-excel/", {"token": token}, follow=True)

    assert response.redirect_chain == [("/admin/cells/place/nhap-excel/", 302)]
    assert StagedImport.objects.get().claimed_at is None
    _response, shown = confirm(staff_client, token)
    assert DONE in shown[0]


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_hamlet_file_confirmed_at_once_write_it_once(
    reference_data, staff_client, commune_a
):
    url = "/admin/cells/place/nhap-excel/"
    rows = [HAMLET_HEADERS, *(["15001", f"Bản {number}", "Bản", "", ""] for number in range(5))]
    tokens = []
    for _upload in range(2):
        content = SimpleUploadedFile("thon.xlsx", xlsx_bytes(rows))
        tokens.append(staff_client.post(url, {"file": content}).context["token"])
    clients = [staff_client, another_tab(staff_client)]

    responses = at_once(
        *(
            lambda client=client, token=token: client.post(url, {"token": token})
            for client, token in zip(clients, tokens, strict=True)
        )
    )

    assert sorted(response.status_code for response in responses) == [200, 302]
    assert commune_a.children.filter(name__startswith="Bản ").count() == 5
    refused = next(response for response in responses if response.status_code == 200)
    assert "đã có thôn “Bản 0”" in refused.content.decode()
