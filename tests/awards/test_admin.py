"""The awards admin: quick entry, downloads and their scope, background jobs."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from awards.constants import ExportStatus
from awards.models import Award, Decision, ExportJob
from cells.constants import PostTypeCode
from tests import factories
from tests.awards.conftest import hold


def export_url(decision, file_format="xlsx"):
    return reverse("admin:awards_decision_export", args=[decision.pk, file_format])


def sheet_values(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {cell.value for row in workbook.active.iter_rows() for cell in row}


@pytest.fixture
def awarded(decision, secretary_a, secretary_b, cell_a):
    Award.objects.create(decision=decision, person=secretary_a)
    Award.objects.create(decision=decision, person=secretary_b)
    Award.objects.create(decision=decision, cell=cell_a)
    return decision


def test_staff_see_the_export_and_quick_entry_buttons(login, district_staff, awarded):
    page = login(district_staff).get(reverse("admin:awards_decision_change", args=[awarded.pk]))
    assert page.status_code == 200
    assert export_url(awarded).encode() in page.content
    assert reverse("admin:awards_decision_add_recipients", args=[awarded.pk]).encode() in (
        page.content
    )


def test_an_officer_can_export_but_not_add_to_a_district_decision(login, officer_a, awarded):
    page = login(officer_a).get(reverse("admin:awards_decision_change", args=[awarded.pk]))
    assert page.status_code == 200
    assert export_url(awarded).encode() in page.content
    assert b"/recipients/" not in page.content
    url = reverse("admin:awards_decision_add_recipients", args=[awarded.pk])
    assert login(officer_a).post(url, {"mode": "cells"}).status_code == 403


def test_the_download_holds_only_the_officers_commune(login, officer_a, awarded):
    response = login(officer_a).get(export_url(awarded))
    assert response.status_code == 200
    values = sheet_values(response)
    assert "Hà Văn Thuận" in values
    assert "Lương Thị Ánh" not in values


def test_an_officer_of_another_district_gets_404(login, other_district_staff, awarded):
    assert login(other_district_staff).get(export_url(awarded)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, awarded):
    response = client.get(export_url(awarded))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_user_without_export_permission_sees_no_button_and_gets_403(login, district, awarded):
    clerk = factories.UserFactory(username="clerk", place=district)
    clerk.groups.clear()
    clerk.user_permissions.add(Permission.objects.get(codename="view_decision"))
    page = login(clerk).get(reverse("admin:awards_decision_change", args=[awarded.pk]))
    assert page.status_code == 200
    assert export_url(awarded).encode() not in page.content
    assert login(clerk).get(export_url(awarded)).status_code == 403


def test_the_csv_download_starts_with_a_bom(login, district_staff, awarded):
    response = login(district_staff).get(export_url(awarded, "csv"))
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf")


def test_quick_entry_adds_post_holders_with_their_snapshot_in_few_queries(
    login, district_staff, decision, district, hamlet_a, django_assert_max_num_queries
):
    for number in range(20):
        hamlet = factories.HamletFactory(parent=hamlet_a.parent)
        person = factories.PersonFactory(full_name=f"Lò Văn Bản{number}", place=hamlet)
        hold(person, PostTypeCode.HAMLET_CHIEF, hamlet=hamlet)
        hold(person, PostTypeCode.FRONT_HEAD, hamlet=hamlet)
    client = login(district_staff)
    url = reverse("admin:awards_decision_add_recipients", args=[decision.pk])
    chief = factories.post_type(PostTypeCode.HAMLET_CHIEF)
    front = factories.post_type(PostTypeCode.FRONT_HEAD)
    data = {"mode": "holders", "post_types": [chief.pk, front.pk], "place": district.pk}
    with django_assert_max_num_queries(25):
        response = client.post(url, data)
    assert response.status_code == 302
    assert decision.awards.count() == 20
    award = decision.awards.get(recipient_name="Lò Văn Bản3")
    assert award.post_title == "Trưởng thôn kiêm trưởng ban công tác Mặt trận"
    client.post(url, data)
    assert decision.awards.count() == 20  # people already in the decision are skipped


def test_quick_entry_adds_the_cells_of_a_commune(login, district_staff, decision, cell_a, cell_b):
    url = reverse("admin:awards_decision_add_recipients", args=[decision.pk])
    login(district_staff).post(url, {"mode": "cells", "place": cell_a.committee.place_id})
    assert list(decision.awards.values_list("recipient_name", flat=True)) == ["Chi bộ Khu 1"]


def test_quick_entry_refuses_a_place_outside_the_scope(
    login, district_staff, decision, commune_other_district
):
    url = reverse("admin:awards_decision_add_recipients", args=[decision.pk])
    response = login(district_staff).post(
        url, {"mode": "cells", "place": commune_other_district.pk}
    )
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()


@pytest.fixture
def background(settings):
    settings.AWARDS_BACKGROUND_EXPORT_ROWS = 2


def test_a_long_list_is_built_in_the_background_and_downloaded_by_those_in_scope(
    login,
    client,
    district_staff,
    officer_a,
    other_district_staff,
    awarded,
    background,
    django_capture_on_commit_callbacks,
):
    staff = login(district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.get(export_url(awarded))
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("admin:awards_exportjob_progress", args=[job.pk])
    progress = staff.get(response["Location"])
    assert b"awards/export_progress.js" in progress.content
    assert b"<script>" not in progress.content

    status = staff.get(reverse("admin:awards_exportjob_status", args=[job.pk])).json()
    assert status["status"] == ExportStatus.DONE
    assert status["progress"] == 100
    assert status["row_count"] == 3
    download = staff.get(status["download_url"])
    assert "Lương Thị Ánh" in sheet_values(download)

    client.logout()
    assert login(officer_a).get(status["download_url"]).status_code == 404
    client.logout()
    assert login(other_district_staff).get(status["download_url"]).status_code == 404
    client.logout()
    assert client.get(status["download_url"]).status_code == 302


def test_a_rerun_of_a_finished_job_changes_nothing(
    login, district_staff, awarded, background, django_capture_on_commit_callbacks
):
    from awards.jobs import run_export_job

    with django_capture_on_commit_callbacks(execute=True):
        login(district_staff).get(export_url(awarded))
    job = ExportJob.objects.get()
    assert run_export_job(job.pk) is None
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE


def test_the_area_export_lists_every_award_of_the_period(login, district_staff, district, awarded):
    url = reverse("admin:awards_exportjob_area")
    response = login(district_staff).get(
        url, {"place": district.pk, "period": "2021..2023", "file_format": "xlsx"}
    )
    values = sheet_values(response)
    assert {"Hà Văn Thuận", "Lương Thị Ánh", "Chi bộ Khu 1"} <= values


def test_the_badge_page_lists_members_and_issues_the_decision(
    login, district_staff, district, district_body, cell_a
):
    person = factories.PersonFactory(full_name="Vi Văn Ba Mươi", place=cell_a.hamlet)
    party_member = factories.PartyMemberFactory(
        person=person, admitted_on=datetime.date(1994, 2, 3)
    )
    factories.CellMembershipFactory(member=party_member, cell=cell_a)
    url = reverse("admin:awards_decision_badges") + f"?place={district.pk}&date=03/02/2024"
    client = login(district_staff)
    page = client.get(url)
    assert "Vi Văn Ba Mươi" in page.content.decode()
    response = client.post(
        url,
        {
            "number": "70-QĐ/HU",
            "decision_date": "20/01/2024",
            "body": district_body.pk,
            "signer": "",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(number="70-QĐ/HU")
    assert decision.awards.get().badge_years == 30


def test_quick_entry_and_downloads_are_on_the_audit_trail(
    login, district_staff, decision, cell_a, cell_b, district
):
    from auditlog.models import LogEntry

    client = login(district_staff)
    url = reverse("admin:awards_decision_add_recipients", args=[decision.pk])
    client.post(url, {"mode": "cells", "place": district.pk})
    created = LogEntry.objects.filter(
        content_type__model="award", action=LogEntry.Action.CREATE, actor=district_staff
    )
    assert created.count() == 2
    client.get(export_url(decision))
    access = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=district_staff)
    assert access.additional_data["rows"] == 2


def test_commune_staff_cannot_change_an_award_of_a_district_decision(login, commune_a, awarded):
    from cells.constants import Role

    commune_staff = factories.UserFactory(username="sonlu-staff", place=commune_a, role=Role.STAFF)
    award = awarded.awards.get(recipient_name="Hà Văn Thuận")
    url = reverse("admin:awards_award_change", args=[award.pk])
    response = login(commune_staff).post(url, {"achievement": "sửa"})
    assert response.status_code == 403
    award.refresh_from_db()
    assert award.achievement != "sửa"
