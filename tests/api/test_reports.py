"""Periodic reports through the API: list, figures, workbook download, all
through the scoping rule; nobody writes them through the API."""

import io

import openpyxl
import pytest

from core.periods import Period
from portal.models import Report
from portal.reports.services import build_report


@pytest.fixture
def commune_report(commune_a, hamlet_a):
    return build_report(place=commune_a, period=Period.parse("2023-Q3"))


@pytest.fixture
def district_report(district, commune_a):
    return build_report(place=district, period=Period.parse("2023"))


def test_an_officer_lists_the_reports_of_their_commune_only(
    api, officer_a, commune_report, district_report
):
    response = api(officer_a).get("/api/v1/reports/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [commune_report.pk]
    row = response.json()["results"][0]
    assert (row["kind"], row["period"], row["ready"]) == ("quarter", "2023-Q3", True)
    assert row["download_url"].endswith(f"/api/v1/reports/{commune_report.pk}/download/")
    assert "figures" not in row


def test_a_report_shows_its_figures(api, district_staff, commune_report):
    response = api(district_staff).get(f"/api/v1/reports/{commune_report.pk}/")

    assert response.status_code == 200
    figures = response.json()["figures"]
    assert figures["place_code"] == "15001"
    assert figures["period"] == "2023-Q3"
    assert figures["hamlets"] == 1


def test_the_workbook_downloads_as_xlsx(api, officer_a, commune_report):
    response = api(officer_a).get(f"/api/v1/reports/{commune_report.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames


def test_a_report_outside_scope_is_a_404_and_so_is_its_file(api, officer_b, commune_report):
    client = api(officer_b)

    assert client.get(f"/api/v1/reports/{commune_report.pk}/").status_code == 404
    assert client.get(f"/api/v1/reports/{commune_report.pk}/download/").status_code == 404


def test_reports_filter_by_period_and_kind(api, district_staff, commune_report, district_report):
    client = api(district_staff)

    yearly = client.get("/api/v1/reports/", {"kind": "year"}).json()["results"]
    in_q3 = client.get("/api/v1/reports/", {"period": "2023-Q3"}).json()["results"]

    assert [row["id"] for row in yearly] == [district_report.pk]
    assert [row["id"] for row in in_q3] == [commune_report.pk]


def test_reports_cannot_be_written_through_the_api(api, district_staff, commune_report):
    client = api(district_staff)

    assert client.post("/api/v1/reports/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/reports/{commune_report.pk}/").status_code == 405
    assert Report.objects.filter(pk=commune_report.pk).exists()


def test_an_anonymous_caller_gets_a_401(api, commune_report):
    assert api().get(f"/api/v1/reports/{commune_report.pk}/download/").status_code == 401
