"""The "Xuất Excel / CSV" button of the admin lists: the filtered list in
the user's scope, Vietnamese headers, dates dd/mm/yyyy, no formula, on the
audit trail, in a fixed number of queries."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.scope_records import records_in

LISTS = [
    "cells_place",
    "cells_person",
    "cells_partymember",
    "cells_holding",
    "cells_cell",
    "meetings_meeting",
    "awards_award",
]
XLSX, CSV = "0", "1"  # the export form's format choices
HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(A1)"]


def export(client, name, file_format=CSV, query=""):
    url = reverse(f"admin:{name}_export") + query
    return client.post(url, {"format": file_format, "resource": "0"})


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def three_communes(commune_a, commune_b, commune_other_district):
    records_in(commune_a, "Ánh")
    records_in(commune_b, "Bình")
    records_in(commune_other_district, "Xa")


@pytest.mark.parametrize("name", LISTS)
def test_each_list_offers_the_export_button(login, officer_a, three_communes, name):
    page = login(officer_a).get(reverse(f"admin:{name}_changelist"))
    assert "Xuất Excel / CSV" in page.content.decode()


def test_the_import_button_stays_next_to_the_export_button(login, district_staff):
    page = login(district_staff).get(reverse("admin:cells_person_changelist")).content.decode()
    assert "Nhập từ Excel" in page
    assert "Xuất Excel / CSV" in page


@pytest.mark.parametrize("name", LISTS)
def test_an_officer_exports_only_their_commune(login, officer_a, three_communes, name):
    response = export(login(officer_a), name)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ánh" in text
    assert "Bình" not in text and "Xa" not in text


def test_the_export_is_the_filtered_list(login, district_staff, three_communes, commune_b):
    response = export(login(district_staff), "cells_person", query=f"?commune={commune_b.pk}")
    names = [row[0] for row in csv_rows(response)[1:]]
    assert names == ["Lò Văn Bình"]
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.object_repr, entry.additional_data["rows"]) == (
        f"cá nhân commune={commune_b.pk}",
        1,
    )


def test_headers_are_vietnamese_and_dates_dd_mm_yyyy(login, officer_a, hamlet_a):
    factories.PersonFactory(
        full_name="Cầm Thị Hoa", sex="nu", birth_date=datetime.date(1980, 6, 1), place=hamlet_a
    )
    header, row = csv_rows(export(login(officer_a), "cells_person"))
    assert header[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert row[:3] == ["Cầm Thị Hoa", "Nữ", "01/06/1980"]
    assert row[-2:] == [str(hamlet_a), str(hamlet_a.parent)]


def test_no_cell_of_either_format_is_a_formula(login, officer_a, hamlet_a):
    for name in HOSTILE:
        factories.PersonFactory(full_name=name, place=hamlet_a, citizen_id=None)
    client = login(officer_a)
    names = [row[0] for row in csv_rows(export(client, "cells_person"))[1:]]
    assert sorted(names) == sorted("'" + name for name in HOSTILE)
    cells = xlsx_cells(export(client, "cells_person", XLSX))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {"'" + name for name in HOSTILE} <= {cell.value for cell in cells}


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_each_export_leaves_one_audit_entry_with_its_rows(
    login, district_staff, three_communes, file_format
):
    export(login(district_staff), "cells_person", file_format)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.actor, entry.additional_data["rows"]) == (district_staff, 2)
    assert entry.additional_data["scope"] == district_staff.place.path


def test_outsiders_cannot_export(client, login, three_communes):
    url = reverse("admin:cells_person_export")
    assert client.post(url, {"format": CSV}).status_code == 302  # to the sign-in page
    placeless = factories.UserFactory(username="khong-don-vi", place=None, is_staff=True)
    assert login(placeless).post(url, {"format": CSV}).status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def queries_of_export(client, name):
    with CaptureQueriesContext(connection) as queries:
        response = export(client, name)
    assert response.status_code == 200
    return len(queries), len(csv_rows(response)) - 1


def records_in_new_communes(district, marks):
    for mark in marks:
        records_in(factories.CommuneFactory(name=f"Xã {mark}", parent=district), mark)


@pytest.mark.parametrize("name", LISTS)
def test_an_export_costs_the_same_queries_for_2_or_12_records(
    login, district_staff, district, name
):
    client = login(district_staff)
    records_in_new_communes(district, ["Một", "Hai"])
    small, small_rows = queries_of_export(client, name)
    records_in_new_communes(district, [f"Số {number}" for number in range(10)])
    large, large_rows = queries_of_export(client, name)
    assert large_rows > small_rows >= 2
    assert large == small <= 12, (small, large)


def test_the_export_page_speaks_vietnamese_and_names_the_columns(login, officer_a, commune_a):
    url = reverse("admin:cells_person_export") + f"?commune={commune_a.pk}"
    page = login(officer_a).get(url).content.decode()
    assert "Xuất Excel / CSV" in page and "Định dạng" in page and "Tải về" in page
    assert "Họ và tên, Giới tính, Ngày sinh" in page


def test_the_export_page_opens_with_excel_chosen_and_no_empty_choice(login, officer_a):
    page = login(officer_a).get(reverse("admin:cells_person_export"))
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<option value="0"[^>]*selected[^>]*>xlsx</option>', html)
    assert '<option value="">---</option>' not in html
