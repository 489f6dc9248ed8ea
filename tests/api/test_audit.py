"""Writes through the API are on the audit trail like the admin's."""

from auditlog.models import LogEntry

from cells import models


def test_a_write_with_a_token_is_on_the_audit_trail_with_its_author(api, district_staff, hamlet_a):
    body = {"full_name": "Hà Văn Ghi", "place": hamlet_a.pk}

    response = api(district_staff).post(
        "/api/v1/people/", body, format="json", REMOTE_ADDR="10.1.2.3"
    )

    entry = LogEntry.objects.get_for_object(
        models.Person.objects.get(pk=response.json()["id"])
    ).get()
    assert entry.actor == district_staff
    assert entry.remote_addr == "10.1.2.3"
