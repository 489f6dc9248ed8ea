"""Session and token authentication; tokens are issued and revoked by
superusers in the admin, and nobody else sees them."""

import pytest
from rest_framework.authtoken.models import Token

from tests import factories


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True, place=None)


def test_a_signed_in_session_reaches_the_api(client, district_staff):
    client.force_login(district_staff)

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {
        "username": "quanson",
        "role": "staff",
        "place": district_staff.place_id,
        "can_edit": True,
    }


def test_a_token_tells_who_is_calling(api, officer_a):
    response = api(officer_a).get("/api/v1/me/")

    assert response.json()["username"] == "sonlu"
    assert response.json()["can_edit"] is False


def test_a_superuser_issues_a_token_in_the_admin_and_it_works(
    client, api, superuser, district_staff
):
    client.force_login(superuser)

    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": district_staff.pk})

    assert response.status_code == 302
    token = Token.objects.get(user=district_staff)
    caller = api()
    caller.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert caller.get("/api/v1/me/").status_code == 200


def test_a_token_revoked_in_the_admin_stops_working(client, api, superuser, district_staff):
    caller = api(district_staff)
    token = Token.objects.get(user=district_staff)
    client.force_login(superuser)

    response = client.post(
        f"/admin/authtoken/tokenproxy/{district_staff.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Token.objects.filter(key=token.key).exists()
    assert caller.get("/api/v1/me/").status_code == 401


def test_staff_cannot_see_or_issue_tokens_in_the_admin(client, district_staff, officer_a):
    Token.objects.create(user=officer_a)
    client.force_login(district_staff)

    assert client.get("/admin/authtoken/tokenproxy/").status_code == 403
    assert (
        client.post("/admin/authtoken/tokenproxy/add/", {"user": officer_a.pk}).status_code == 403
    )
    assert b"tokenproxy" not in client.get("/admin/").content


def test_a_session_write_without_the_csrf_token_is_refused(district_staff, hamlet_a):
    from django.test import Client

    from cells.models import Person

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(district_staff)

    response = browser.post(
        "/api/v1/people/",
        {"full_name": "Hà Văn Giả", "place": hamlet_a.pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not Person.objects.filter(full_name="Hà Văn Giả").exists()
