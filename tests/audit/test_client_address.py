"""The audit trail and the sign-in lockout take the client's address from one
place (`core.audit.client_address`), configured by the number of trusted
proxies: X-Forwarded-For counts only as far as those proxies wrote it, and a
header that is no address never breaks a write."""

import pytest
from auditlog.models import LogEntry
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cells.models import Person
from core.audit import client_address
from tests import factories
from tests.audit.test_audit_trail import _empty_inlines

PROXY = "10.0.0.2"
JUNK = ["unknown", "1.2.3.4.5", "<script>alert(1)</script>", "9" * 10_000, "::ffff:x", "-"]


def request(forwarded_for=None, remote_addr=PROXY):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.fixture
def behind_one_proxy(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored():
    assert client_address(request("198.51.100.7", remote_addr="192.0.2.10")) == "192.0.2.10"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(behind_one_proxy):
    forged_then_real = request("203.0.113.66, 198.51.100.7")
    assert client_address(forged_then_real) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    chain = request("203.0.113.66, 198.51.100.7, 10.0.0.1")
    assert client_address(chain) == "198.51.100.7"


def test_a_request_that_skipped_the_proxy_counts_its_own_peer(behind_one_proxy):
    assert client_address(request(remote_addr="192.0.2.10")) == "192.0.2.10"


@pytest.mark.parametrize("junk", JUNK)
def test_a_junk_address_from_the_proxy_gives_no_address(behind_one_proxy, junk):
    assert client_address(request(junk)) is None


@pytest.mark.parametrize("junk", JUNK)
def test_junk_left_of_the_proxys_address_is_never_read(behind_one_proxy, junk):
    assert client_address(request(f"{junk}, 198.51.100.7")) == "198.51.100.7"


def test_a_junk_peer_address_gives_no_address():
    assert client_address(request(remote_addr="unknown")) is None


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("198.51.100.7:4431", "198.51.100.7"),
        ("[2001:DB8::7]:443", "2001:db8::7"),
        ("2001:db8:0::7", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("fe80::7%eth0", "fe80::7"),
    ],
)
def test_addresses_are_stored_in_canonical_form(behind_one_proxy, written, address):
    assert client_address(request(written)) == address


@pytest.mark.parametrize("proxies", [0, 1, 2])
@pytest.mark.parametrize(
    "forwarded_for", [None, "198.51.100.7", "203.0.113.66, 198.51.100.7", "unknown"]
)
def test_the_lockout_counts_the_same_address_as_the_audit_trail(settings, proxies, forwarded_for):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    sent = request(forwarded_for)
    assert get_client_ip_address(sent) == client_address(sent)


def api_client(user, **headers):
    client = APIClient(**headers)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def created_person_entry(response):
    person = Person.objects.get(pk=response.json()["id"])
    return LogEntry.objects.get_for_object(person).get()


@pytest.mark.parametrize("proxies", [0, 1])
def test_an_api_write_with_a_junk_forwarded_for_succeeds(
    settings, district_staff, hamlet_a, proxies
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    client = api_client(district_staff, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="unknown")

    response = client.post(
        "/api/v1/people/", {"full_name": "Hà Văn Ghi", "place": hamlet_a.pk}, format="json"
    )

    assert response.status_code == 201
    assert created_person_entry(response).remote_addr == (PROXY if proxies == 0 else None)


def test_behind_the_proxy_an_api_write_records_the_client_not_the_forged_address(
    behind_one_proxy, district_staff, hamlet_a
):
    client = api_client(
        district_staff, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
    )

    response = client.post(
        "/api/v1/people/", {"full_name": "Hà Văn Ghi", "place": hamlet_a.pk}, format="json"
    )

    assert created_person_entry(response).remote_addr == "198.51.100.7"


def save_in_the_admin(client, person, **headers):
    url = reverse("admin:cells_person_change", args=[person.pk])
    page = client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update({"full_name": "Lò Văn Bính", "place": person.place_id, "sex": "nam"})
    return client.post(url, {**data, **_empty_inlines(page)}, REMOTE_ADDR=PROXY, **headers)


def update_entry(person):
    return LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.UPDATE)


@pytest.mark.parametrize("proxies", [0, 1])
def test_an_admin_save_with_a_junk_forwarded_for_succeeds(
    settings, login, district_staff, hamlet_a, proxies
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    person = factories.PersonFactory(full_name="Lò Văn Bình", place=hamlet_a)

    response = save_in_the_admin(login(district_staff), person, HTTP_X_FORWARDED_FOR="unknown")

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Lò Văn Bính"
    assert update_entry(person).remote_addr == (PROXY if proxies == 0 else None)


def test_behind_the_proxy_an_admin_save_records_the_client(
    behind_one_proxy, login, district_staff, hamlet_a
):
    person = factories.PersonFactory(full_name="Lò Văn Bình", place=hamlet_a)

    save_in_the_admin(
        login(district_staff), person, HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
    )

    assert update_entry(person).remote_addr == "198.51.100.7"


@pytest.mark.parametrize("port", ["-1", "99999999999"])
def test_an_admin_save_with_a_junk_forwarded_port_succeeds(login, district_staff, hamlet_a, port):
    person = factories.PersonFactory(full_name="Lò Văn Bình", place=hamlet_a)

    response = save_in_the_admin(login(district_staff), person, HTTP_X_FORWARDED_PORT=port)

    assert response.status_code == 302
    assert update_entry(person).remote_port is None
