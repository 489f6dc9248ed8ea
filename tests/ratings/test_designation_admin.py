"""The admin of designations and their grants: the computed checks beside
the decision, in Vietnamese, scoped to the commune, the list in a fixed
number of queries."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.constants import MeetingKind
from meetings.models import Meeting
from ratings.models import Designation, DesignationGrant
from tests import factories
from tests.dashboards.test_queries import queries_of

D = datetime.date


@pytest.fixture
def grant(cell_a):
    for month in range(1, 13):
        if month != 5:
            Meeting.objects.create(cell=cell_a, kind=MeetingKind.REGULAR, date=D(2025, month, 3))
    return DesignationGrant.objects.create(
        designation=Designation.objects.get(name="Chi bộ bốn tốt"),
        cell=cell_a,
        year=2025,
        granted=True,
        document_number="45-QĐ/ĐU",
    )


def test_the_grants_page_shows_the_checks_beside_the_decision(grant, login, commune_staff):
    page = login(commune_staff).get(
        reverse("admin:ratings_designationgrant_change", args=[grant.pk])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Tiêu chí tự kiểm tra từ dữ liệu (tham khảo)" in html
    assert "Sinh hoạt 11/12 tháng; thiếu tháng 05/2025." in html
    assert "Chưa có kết quả xếp loại đảng viên năm 2025." in html
    assert re.search(r'<input[^>]*name="granted"[^>]*checked', html)  # the committee's decision


def test_the_list_shows_the_checks_of_every_row(grant, login, commune_staff):
    html = (
        login(commune_staff)
        .get(reverse("admin:ratings_designationgrant_changelist"))
        .content.decode()
    )
    assert "Công nhận — 45-QĐ/ĐU" in html
    assert "thiếu tháng 05/2025" in html


def test_another_commune_neither_reads_nor_changes_the_grant(grant, login, commune_b_staff):
    client = login(commune_b_staff)
    change = reverse("admin:ratings_designationgrant_change", args=[grant.pk])

    listed = client.get(reverse("admin:ratings_designationgrant_changelist")).content.decode()
    assert "45-QĐ/ĐU" not in listed
    assert client.get(change).status_code in (302, 404)
    response = client.post(change, {"designation": grant.designation_id, "cell": grant.cell_id})
    assert response.status_code in (302, 403, 404)
    grant.refresh_from_db()
    assert grant.granted and grant.document_number == "45-QĐ/ĐU"


def test_an_officer_reads_the_grant_without_changing_it(grant, login, officer_a):
    client = login(officer_a)
    change = reverse("admin:ratings_designationgrant_change", args=[grant.pk])

    page = client.get(change).content.decode()
    assert "thiếu tháng 05/2025" in page and 'name="_save"' not in page
    response = client.post(change, {"designation": grant.designation_id, "granted": ""})
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.granted


def test_staff_grant_a_designation_with_the_document(cell_a, login, commune_staff):
    designation = Designation.objects.get(name="Chi bộ trong sạch, vững mạnh")
    response = login(commune_staff).post(
        reverse("admin:ratings_designationgrant_add"),
        {
            "designation": designation.pk,
            "cell": cell_a.pk,
            "year": "2025",
            "granted": "on",
            "decided_by": "Đảng ủy xã Sơn Lư",
            "document_number": "12-QĐ/ĐU",
            "document_date": "20/01/2026",
        },
    )
    assert response.status_code == 302
    grant = DesignationGrant.objects.get()
    assert (grant.cell, grant.year, grant.document_date) == (cell_a, 2025, D(2026, 1, 20))


def test_a_second_decision_on_the_same_year_is_refused_in_vietnamese(
    grant, login, commune_staff, cell_a
):
    response = login(commune_staff).post(
        reverse("admin:ratings_designationgrant_add"),
        {"designation": grant.designation_id, "cell": cell_a.pk, "year": "2025"},
    )
    assert response.status_code == 200
    assert "Chi bộ đã có quyết định về danh hiệu này trong năm." in response.content.decode()
    assert DesignationGrant.objects.count() == 1


def test_staff_name_their_own_place_for_a_designation(login, commune_staff, commune_a):
    client = login(commune_staff)
    response = client.post(
        reverse("admin:ratings_designation_add"),
        {"name": "Chi bộ kiểu mẫu", "criteria": "…", "checks": ["sinh_hoat_hang_thang"]},
    )
    assert response.status_code == 200  # no place: shared designations are the superuser's
    assert not Designation.objects.filter(name="Chi bộ kiểu mẫu").exists()
    response = client.post(
        reverse("admin:ratings_designation_add"),
        {
            "name": "Chi bộ kiểu mẫu",
            "place": commune_a.pk,
            "criteria": "…",
            "checks": ["sinh_hoat_hang_thang"],
            "order": "3",
        },
    )
    assert response.status_code == 302
    assert Designation.objects.get(name="Chi bộ kiểu mẫu").checks == ["sinh_hoat_hang_thang"]


def test_the_grants_list_costs_the_same_queries_for_one_row_or_many(
    grant, login, commune_staff, commune_a
):
    client = login(commune_staff)
    url = reverse("admin:ratings_designationgrant_changelist")
    _response, one = queries_of(client, url)
    for number in range(6):
        hamlet = factories.HamletFactory(name=f"Thôn {number}", parent=commune_a)
        cell = factories.CellFactory(hamlet=hamlet)
        Meeting.objects.create(cell=cell, kind=MeetingKind.REGULAR, date=D(2024, 3, 3))
        for year in (2024, 2025):
            DesignationGrant.objects.create(designation=grant.designation, cell=cell, year=year)

    response, many = queries_of(client, url)

    assert response.status_code == 200 and len(response.context["cl"].result_list) == 13
    assert many == one
