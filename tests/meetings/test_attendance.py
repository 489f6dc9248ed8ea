"""The attendance screen: the whole cell on one page, prefilled with its
members on the meeting date, saved in one go; counts derived from it."""

import datetime

from django.urls import reverse

from meetings.constants import AttendanceStatus
from meetings.models import Attendance, Meeting

from .conftest import MeetingFactory, member_of


def url(meeting):
    return reverse("admin:meetings_meeting_attendance", args=[meeting.pk])


def test_it_lists_the_members_of_the_cell_on_the_meeting_date(
    login, district_staff, cell_a, cell_b
):
    member_of(cell_a, "Lò Văn Ở Lại")
    moved = member_of(cell_a, "Hà Thị Chuyển Đi", end=datetime.date(2023, 6, 30))
    cell_b_membership_start = datetime.date(2023, 7, 1)
    moved.cell_memberships.create(cell=cell_b, start_date=cell_b_membership_start)
    june = MeetingFactory(cell=cell_a, date=datetime.date(2023, 6, 10))
    july = MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 10))
    client = login(district_staff)

    june_page = client.get(url(june)).content.decode()
    july_page = client.get(url(july)).content.decode()

    assert "Hà Thị Chuyển Đi" in june_page and "Lò Văn Ở Lại" in june_page
    assert "Hà Thị Chuyển Đi" not in july_page and "Lò Văn Ở Lại" in july_page


def post_statuses(client, meeting, members, django_assert_max_num_queries):
    data = {f"status_{m.pk}": AttendanceStatus.PRESENT for m in members}
    data[f"status_{members[0].pk}"] = AttendanceStatus.EXCUSED
    data[f"reason_{members[0].pk}"] = "Ốm"
    # Session, user, permissions, the meeting, its members, one INSERT of the
    # rows, one of their audit entries, the counts: none of them per member.
    with django_assert_max_num_queries(24) as captured:
        response = client.post(url(meeting), data)
    assert response.status_code == 302
    return len(captured)


def test_it_saves_the_whole_cell_in_one_go(
    login, district_staff, cell_a, cell_b, django_assert_max_num_queries
):
    small = [member_of(cell_b, f"Hà Văn Số{n}") for n in range(3)]
    members = [member_of(cell_a, f"Lương Văn Số{n}") for n in range(30)]
    client = login(district_staff)

    few = post_statuses(client, MeetingFactory(cell=cell_b), small, django_assert_max_num_queries)
    meeting = MeetingFactory(cell=cell_a)
    many = post_statuses(client, meeting, members, django_assert_max_num_queries)

    assert many <= few  # 30 members cost no more than 3 (the content type is cached)
    assert meeting.attendances.count() == 30
    assert meeting.attendances.get(member=members[0]).reason == "Ốm"
    row = Meeting.objects.with_attendance().get(pk=meeting.pk)
    assert (row.present_count, row.member_count) == (29, 30)


def test_saving_again_updates_rows_instead_of_adding(login, district_staff, cell_a):
    member = member_of(cell_a, "Lò Văn Một")
    meeting = MeetingFactory(cell=cell_a)
    client = login(district_staff)
    client.post(url(meeting), {f"status_{member.pk}": AttendanceStatus.PRESENT})
    client.post(url(meeting), {f"status_{member.pk}": AttendanceStatus.UNEXCUSED})
    assert list(meeting.attendances.values_list("status", flat=True)) == [
        AttendanceStatus.UNEXCUSED
    ]


def test_it_prefills_the_saved_statuses(login, district_staff, cell_a):
    member = member_of(cell_a, "Lò Văn Một")
    meeting = MeetingFactory(cell=cell_a)
    Attendance.objects.create(meeting=meeting, member=member, status=AttendanceStatus.EXCUSED)
    page = login(district_staff).get(url(meeting)).content.decode()
    assert f'value="{AttendanceStatus.EXCUSED}" ' in page
    assert "checked" in page.split(f'value="{AttendanceStatus.EXCUSED}"')[1].split(">")[0]


def test_attendance_rows_win_over_reported_counts(cell_a):
    member = member_of(cell_a, "Lò Văn Một")
    meeting = MeetingFactory(cell=cell_a, reported_present=30, reported_unexcused=2)
    assert Meeting.objects.with_attendance().get().present_count == 30
    meeting.record_attendance({member.pk: (AttendanceStatus.UNEXCUSED, "")})
    row = Meeting.objects.with_attendance().get()
    assert (row.present_count, row.member_count) == (0, 1)


def test_an_officer_sees_the_screen_of_their_commune_but_cannot_save(login, officer_a, cell_a):
    member = member_of(cell_a, "Lò Văn Một")
    meeting = MeetingFactory(cell=cell_a)
    client = login(officer_a)
    page = client.get(url(meeting))
    assert page.status_code == 200
    assert "Lưu điểm danh" not in page.content.decode()
    posted = client.post(url(meeting), {f"status_{member.pk}": AttendanceStatus.PRESENT})
    assert posted.status_code == 403
    assert not Attendance.objects.exists()


def test_others_cannot_open_the_screen(login, officer_b, other_district_staff, client, meeting):
    assert login(officer_b).get(url(meeting)).status_code == 404
    assert login(other_district_staff).get(url(meeting)).status_code == 404
    client.logout()
    assert client.get(url(meeting)).status_code == 302
