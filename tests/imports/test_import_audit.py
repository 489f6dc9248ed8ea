"""Imported rows are on the audit trail, naming who imported them."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from cells.imports.people import PeopleImport
from cells.models import Holding, Person
from tests import factories
from tests.imports.conftest import xlsx_bytes
from tests.imports.test_people import HEADERS, people_row


def test_100_imported_rows_give_100_audit_entries_naming_the_user(district_staff, commune_a):
    for number in range(100):
        factories.HamletFactory(name=f"Khu {number}", kind="khu_pho", parent=commune_a)
    rows = [people_row(**{"Thôn": f"Khu {number}"}) for number in range(100)]
    PeopleImport(district_staff).run(xlsx_bytes([HEADERS, *rows]))
    for model in (Person, Holding):
        entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
        assert entries.count() == 100
        assert set(entries.values_list("actor", flat=True)) == {district_staff.pk}
    entry = LogEntry.objects.filter(object_repr="Lò Văn Un").first()
    assert entry.changes["birth_date"] == [None, "1970-03-05"]
    assert entry.additional_data["scope"].startswith(commune_a.path)


def test_the_importing_user_does_not_stay_the_actor_after_the_import(district_staff, hamlet_a):
    from auditlog.context import auditlog_value

    before = auditlog_value.get(None)
    PeopleImport(district_staff).run(xlsx_bytes([HEADERS, people_row()]))
    assert auditlog_value.get(None) == before


@pytest.mark.urls("tests.imports.urls")
@pytest.mark.parametrize(
    ("forwarded_for", "recorded"),
    [("unknown", None), ("203.0.113.66, 198.51.100.7", "198.51.100.7")],
)
def test_an_import_behind_the_proxy_records_the_clients_address_and_survives_junk(
    settings, login, district_staff, hamlet_a, cell_a, forwarded_for, recorded
):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    client = login(district_staff)
    headers = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded_for}
    upload = SimpleUploadedFile("danh-sach.xlsx", xlsx_bytes([HEADERS, people_row()]))
    preview = client.post("/admin/cells/person/nhap-excel/", {"file": upload}, **headers)

    response = client.post(
        "/admin/cells/person/nhap-excel/", {"token": preview.context["token"]}, **headers
    )

    assert response.status_code == 302
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Person))
    assert list(entries.values_list("remote_addr", flat=True)) == [recorded]
