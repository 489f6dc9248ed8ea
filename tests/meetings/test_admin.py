"""The meetings admin in scope: each page tried by the district staff, an
officer of commune A, an officer of commune B, staff of another district
and an anonymous visitor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cells.constants import Role
from meetings.constants import MeetingKind
from tests import factories

from .conftest import CadreAssignmentFactory, MeetingFactory


def changelist(model):
    return reverse(f"admin:meetings_{model}_changelist")


def change(obj):
    return reverse(f"admin:meetings_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_district_staff_lists_the_meetings_of_both_communes(
    login, district_staff, meeting, meeting_b
):
    page = login(district_staff).get(changelist("meeting")).content.decode()
    assert "Chi bộ Khu 1" in page and "Chi bộ Bản Din" in page


def test_an_officer_lists_only_the_meetings_of_their_commune(login, officer_a, meeting, meeting_b):
    response = login(officer_a).get(changelist("meeting"))
    assert [m.pk for m in response.context["cl"].result_list] == [meeting.pk]


def test_an_officer_cannot_open_a_meeting_of_another_commune(
    login, officer_a, officer_b, other_district_staff, meeting
):
    assert login(officer_a).get(change(meeting)).status_code == 200
    # The admin answers a row out of scope by redirecting to the index.
    assert login(officer_b).get(change(meeting)).status_code == 302
    assert login(other_district_staff).get(change(meeting)).status_code == 302


def test_an_anonymous_visitor_is_sent_to_log_in(client, meeting):
    for url in [changelist("meeting"), change(meeting), changelist("cellmeetingcheck")]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_an_officer_cannot_change_a_meeting(login, officer_a, meeting):
    response = login(officer_a).post(change(meeting), {"kind": MeetingKind.THEMATIC})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.kind == MeetingKind.REGULAR


def test_a_staff_cannot_pick_a_cell_out_of_scope(login, district_staff, hamlet_other_district):
    outside = factories.CellFactory(hamlet=hamlet_other_district)
    response = login(district_staff).post(
        reverse("admin:meetings_meeting_add"),
        {
            "cell": outside.pk,
            "kind": MeetingKind.REGULAR,
            "date": "05/07/2023",
            "guests-TOTAL_FORMS": 0,
            "guests-INITIAL_FORMS": 0,
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()


def test_the_staff_adds_a_meeting_with_its_duration_derived(login, district_staff, cell_a):
    response = login(district_staff).post(
        reverse("admin:meetings_meeting_add"),
        {
            "cell": cell_a.pk,
            "kind": MeetingKind.COMBINED,
            "date": "05/07/2023",
            "start_time": "19:00",
            "end_time": "21:15",
            "guests-TOTAL_FORMS": 0,
            "guests-INITIAL_FORMS": 0,
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert cell_a.meetings.get().duration_minutes == 135


def test_the_meeting_list_costs_a_fixed_number_of_queries(
    login, district_staff, hamlet_a, django_assert_max_num_queries
):
    for _ in range(30):
        MeetingFactory(cell=factories.CellFactory(hamlet=hamlet_a))
    client = login(district_staff)
    # Session, user, permissions, filters, counts, rows: none of them per row.
    with django_assert_max_num_queries(16):
        assert client.get(changelist("meeting")).status_code == 200


@pytest.fixture
def this_month():
    return timezone.localdate().replace(day=1)


def test_the_check_page_lists_cells_missing_this_months_meeting(
    login, district_staff, cell_a, cell_b, this_month
):
    MeetingFactory(cell=cell_a, date=this_month, kind=MeetingKind.REGULAR)
    response = login(district_staff).get(changelist("cellmeetingcheck") + "?thang=thieu")
    assert [c.pk for c in response.context["cl"].result_list] == [cell_b.pk]
    page = response.content.decode()
    assert "Thiếu sinh hoạt tháng này" in page
    assert "<strong>1</strong> chi bộ chưa sinh hoạt thường kỳ" in page


def test_the_check_page_lists_cells_without_a_thematic_meeting_this_quarter(
    login, district_staff, cell_a, cell_b, this_month
):
    MeetingFactory(cell=cell_b, date=this_month, kind=MeetingKind.COMBINED)
    response = login(district_staff).get(changelist("cellmeetingcheck") + "?quy=thieu")
    assert [c.pk for c in response.context["cl"].result_list] == [cell_a.pk]


def test_an_officer_checks_only_the_cells_of_their_commune(login, officer_a, cell_a, cell_b):
    response = login(officer_a).get(changelist("cellmeetingcheck") + "?thang=thieu")
    assert [c.pk for c in response.context["cl"].result_list] == [cell_a.pk]
    assert "Bản Din" not in response.content.decode()


def test_other_district_staff_check_none_of_these_cells(login, other_district_staff, cell_a):
    response = login(other_district_staff).get(changelist("cellmeetingcheck"))
    assert list(response.context["cl"].result_list) == []


def test_the_check_page_costs_a_fixed_number_of_queries(
    login, district_staff, hamlet_a, django_assert_max_num_queries
):
    for _ in range(30):
        cell = factories.CellFactory(hamlet=hamlet_a)
        MeetingFactory(cell=cell, date=datetime.date(2023, 7, 5))
    client = login(district_staff)
    # Session, user, permissions, filters, counts, rows: none of them per row.
    with django_assert_max_num_queries(16):
        assert client.get(changelist("cellmeetingcheck") + "?thang=thieu").status_code == 200


def test_the_guest_inline_shows_whether_the_assigned_cadre_came(
    login, district_staff, district, meeting
):
    cadre = factories.PersonFactory(full_name="Phạm Văn Huyện", place=district)
    CadreAssignmentFactory(person=cadre, cell=meeting.cell)
    meeting.guests.create(person=cadre, position="Huyện ủy viên")
    response = login(district_staff).get(changelist("meeting"))
    [row] = response.context["cl"].result_list
    assert (row.cadre_assigned, row.cadre_attended) == (True, True)


def test_cadre_assignments_are_scoped(login, officer_a, officer_b, cell_a, district):
    cadre = factories.PersonFactory(full_name="Phạm Văn Huyện", place=district)
    CadreAssignmentFactory(person=cadre, cell=cell_a)
    assert login(officer_a).get(changelist("cadreassignment")).context["cl"].result_count == 1
    assert login(officer_b).get(changelist("cadreassignment")).context["cl"].result_count == 0


@pytest.mark.parametrize(
    "name",
    [
        "meeting_changelist",
        "meeting_add",
        "conference_changelist",
        "conference_add",
        "cadreassignment_changelist",
        "cadreassignment_add",
        "cellmeetingcheck_changelist",
        "meetingtopic_changelist",
    ],
)
def test_every_page_opens_for_the_district_staff(login, district_staff, meeting, name):
    assert login(district_staff).get(reverse(f"admin:meetings_{name}")).status_code == 200


def test_an_officer_cannot_open_the_history_of_another_communes_meeting(
    login, officer_a, officer_b, meeting
):
    url = reverse("admin:meetings_meeting_history", args=[meeting.pk])
    assert login(officer_a).get(url).status_code == 200
    assert login(officer_b).get(url).status_code in (302, 404)


def test_an_officer_cannot_add_meetings(login, officer_a):
    assert login(officer_a).get(reverse("admin:meetings_meeting_add")).status_code == 403


def test_autocomplete_of_a_meeting_cell_lists_only_the_communes_cells(
    login, officer_a, cell_a, cell_b
):
    staff = factories.UserFactory(place=officer_a.place, role=Role.STAFF)
    url = reverse("admin:autocomplete")
    params = {"app_label": "meetings", "model_name": "meeting", "field_name": "cell", "term": ""}
    results = login(staff).get(url, params).json()["results"]
    assert [int(r["id"]) for r in results] == [cell_a.pk]
    # An officer writes no meeting, so is offered no cell to write one of.
    assert login(officer_a).get(url, params).json()["results"] == []


def test_the_change_page_shows_the_counts_and_links_the_attendance_screen(
    login, district_staff, meeting
):
    meeting.reported_present, meeting.reported_excused = 18, 2
    meeting.save()
    page = login(district_staff).get(change(meeting)).content.decode()
    assert "18/20" in page
    assert reverse("admin:meetings_meeting_attendance", args=[meeting.pk]) in page


def test_the_check_page_looks_back_at_a_month_picked(login, district_staff, cell_a, cell_b):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5), kind=MeetingKind.COMBINED)
    client = login(district_staff)
    response = client.get(changelist("cellmeetingcheck") + "?ky=2023-07&thang=thieu")
    assert [c.pk for c in response.context["cl"].result_list] == [cell_b.pk]
    assert "07/2023" in response.content.decode()  # offered from the latest meeting back
    thematic = client.get(changelist("cellmeetingcheck") + "?ky=2023-08&quy=thieu")
    assert [c.pk for c in thematic.context["cl"].result_list] == [cell_b.pk]
    rows = {
        c.pk: c
        for c in client.get(changelist("cellmeetingcheck") + "?ky=2023-07")
        .context["cl"]
        .result_list
    }
    assert rows[cell_a.pk].regular_this_month and not rows[cell_b.pk].regular_this_month
