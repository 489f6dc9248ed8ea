"""Sessions end after 30 idle minutes, 8 hours after sign-in, and at once
when the account is deactivated."""

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.sessions import LAST_REFRESHED_AT, SIGNED_IN_AT
from portal.settings import base as base_settings
from tests.conftest import PASSWORD

ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def renewal_as_in_production(settings):
    """The production renewal interval (the test settings stretch it)."""
    settings.SESSION_REFRESH_SECONDS = base_settings.SESSION_REFRESH_SECONDS


@pytest.fixture
def signed_in(client, district_staff):
    assert (
        client.post("/admin/login/", {"username": "quanson", "password": PASSWORD}).status_code
        == 302
    )
    assert client.get(ADMIN).status_code == 200
    return client


def test_working_renews_the_session_for_30_minutes(signed_in):
    key = signed_in.session.session_key
    # Ten minutes of work since the last renewal, 20 left on the clock:
    session = signed_in.session
    session[LAST_REFRESHED_AT] = int(time.time()) - 10 * 60
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=20)
    )
    response = signed_in.get(ADMIN)
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    remaining = (Session.objects.get(session_key=key).expire_date - timezone.now()).total_seconds()
    assert 30 * 60 - 60 < remaining <= 30 * 60


def test_a_page_within_the_minute_writes_no_session(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(50) as captured:
        signed_in.get(ADMIN)
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]


def test_a_session_idle_for_30_minutes_is_signed_out(signed_in):
    # What 30 idle minutes leave behind: the stored session has expired.
    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = signed_in.get(ADMIN)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_session_older_than_8_hours_is_signed_out(signed_in):
    session = signed_in.session
    session[SIGNED_IN_AT] = int(time.time()) - 8 * 60 * 60 - 1
    session.save()
    response = signed_in.get(ADMIN)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_session_younger_than_8_hours_stays(signed_in):
    session = signed_in.session
    session[SIGNED_IN_AT] = int(time.time()) - 7 * 60 * 60
    session.save()
    assert signed_in.get(ADMIN).status_code == 200


def test_deactivating_a_user_ends_their_live_session_at_once(signed_in, district_staff):
    district_staff.is_active = False
    district_staff.save()
    response = signed_in.get(ADMIN)
    assert response.status_code == 302 and "/admin/login/" in response.url
