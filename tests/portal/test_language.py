"""Pages open in Vietnamese whatever the browser asks for; English only with
the language switch; API clients get the language they ask for."""

from django.conf import settings


def test_pages_are_vietnamese_even_for_an_english_browser(client, district_staff):
    client.force_login(district_staff)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page
    assert "Chi bộ thôn" in page


def test_the_language_switch_turns_pages_english(client, district_staff):
    client.force_login(district_staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/admin/").content.decode()
    assert 'lang="en"' in page
    assert "Log out" in page


def test_the_api_answers_in_the_language_the_client_asks_for(client):
    english = client.get("/api/v1/people/", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/api/v1/people/", HTTP_ACCEPT_LANGUAGE="vi")
    assert english.status_code == vietnamese.status_code == 401
    assert english.json() != vietnamese.json()
