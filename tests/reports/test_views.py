"""Report download, status and rebuild URLs: scope, method, role."""

import pytest
from django.urls import reverse

from core.periods import Period
from portal.models import Report, ReportStatus
from portal.reports import services


@pytest.fixture
def report(area, commune_a):
    return services.build_report(place=commune_a, period=Period.parse("2023-H1"))


def test_download(report, login, officer_a):
    response = login(officer_a).get(reverse("report-download", args=[report.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_status_json(report, login, officer_a):
    response = login(officer_a).get(reverse("report-status", args=[report.pk]))

    assert response.json()["status"] == "done" and response.json()["ready"] is True
    assert response.json()["download_url"] == reverse("report-download", args=[report.pk])


def test_listed_on_the_dashboard(report, login, officer_a):
    response = login(officer_a).get(reverse("dashboard"))

    assert reverse("report-download", args=[report.pk]) in response.text
    assert "6 tháng đầu năm 2023" in response.text


@pytest.mark.parametrize("user", ["other_district_staff", "officer_b"])
@pytest.mark.parametrize("name", ["report-download", "report-status"])
def test_outsiders_get_404(report, login, request, user, name):
    response = login(request.getfixturevalue(user)).get(reverse(name, args=[report.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["report-download", "report-status"])
def test_anonymous_is_sent_to_login(report, client, name):
    response = client.get(reverse(name, args=[report.pk]))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_wrong_method(report, login, officer_a):
    client = login(officer_a)
    assert client.post(reverse("report-download", args=[report.pk])).status_code == 405
    assert client.get(reverse("report-rebuild", args=["15001"])).status_code == 405


def test_staff_rebuild_builds_the_report(area, login, district_staff, commune_a):
    with_callbacks = login(district_staff)
    response = with_callbacks.post(
        reverse("report-rebuild", args=["15001"]), {"period": "2023-Q3"}, follow=False
    )

    assert response.status_code == 302
    report = Report.objects.get(place=commune_a, kind="quarter", period="2023-Q3")
    assert f"building={report.pk}" in response["Location"]


def test_rebuild_runs_the_task_on_commit(
    area, login, district_staff, commune_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(district_staff).post(reverse("report-rebuild", args=["15001"]), {"period": "2023"})

    report = Report.objects.get(place=commune_a, period="2023")
    assert report.status == ReportStatus.DONE and report.file


def test_officer_cannot_rebuild(area, login, officer_a):
    response = login(officer_a).post(reverse("report-rebuild", args=["15001"]), {"period": "2023"})

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_outsider_staff_cannot_rebuild(area, login, other_district_staff):
    response = login(other_district_staff).post(
        reverse("report-rebuild", args=["15001"]), {"period": "2023"}
    )

    assert response.status_code == 404


def test_anonymous_cannot_rebuild(area, client):
    response = client.post(reverse("report-rebuild", args=["15001"]), {"period": "2023"})

    assert response.status_code == 302 and not Report.objects.exists()


def test_rebuild_refuses_a_bad_period(area, login, district_staff):
    response = login(district_staff).post(
        reverse("report-rebuild", args=["15001"]), {"period": "2021..2023"}, follow=True
    )

    assert not Report.objects.exists()
    assert "Chỉ lập báo cáo" in response.text


def test_a_report_being_built_shows_progress_and_is_polled(area, login, officer_a, commune_a):
    report = services.request_rebuild(place=commune_a, period=Period.parse("2023-10"))

    response = login(officer_a).get(reverse("dashboard"))

    assert "<progress>" in response.text
    assert f'data-report-status="{reverse("report-status", args=[report.pk])}"' in response.text
    assert "portal/dashboard.js" in response.text
    status = login(officer_a).get(reverse("report-status", args=[report.pk])).json()
    assert status == {**status, "status": "pending", "ready": False, "download_url": None}


def test_officer_sees_no_rebuild_button(area, login, officer_a, district_staff):
    rebuild = reverse("report-rebuild", args=["15001"])
    assert rebuild not in login(officer_a).get(reverse("dashboard")).text
    assert rebuild in login(district_staff).get(reverse("dashboard-place", args=["15001"])).text
