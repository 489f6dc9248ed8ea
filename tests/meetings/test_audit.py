"""Meetings on the audit trail: admin edits through the signals, the bulk
writes of the attendance screen and of conference invitations alongside."""

import datetime

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from cells.constants import PostTypeCode
from meetings.constants import AttendanceStatus, MeetingKind
from meetings.models import Attendance, Conference, ConferenceInvitation, ConferenceInvitee
from tests import factories

from .conftest import MeetingFactory, member_of


def test_a_meeting_is_on_the_trail_with_its_scope(cell_a, commune_a):
    meeting = MeetingFactory(cell=cell_a)
    meeting.kind = MeetingKind.COMBINED
    meeting.save()
    entries = LogEntry.objects.get_for_object(meeting).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries.last().changes["kind"] == [MeetingKind.REGULAR, MeetingKind.COMBINED]
    # The scope of a cell's records is its hamlet, under the commune.
    assert entries.last().additional_data["scope"] == cell_a.hamlet.path
    assert cell_a.hamlet.path.startswith(commune_a.path)


def test_the_attendance_screen_records_who_marked_what(login, district_staff, cell_a, commune_a):
    members = [member_of(cell_a, f"Lò Văn Số{n}") for n in range(3)]
    meeting = MeetingFactory(cell=cell_a)
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    client = login(district_staff)
    client.post(url, {f"status_{m.pk}": AttendanceStatus.PRESENT for m in members})
    changed = {f"status_{m.pk}": AttendanceStatus.PRESENT for m in members}
    changed[f"status_{members[0].pk}"] = AttendanceStatus.UNEXCUSED
    client.post(url, changed)

    entries = LogEntry.objects.filter(content_type__model="attendance")
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 3
    update = entries.get(action=LogEntry.Action.UPDATE)
    assert update.actor == district_staff
    assert update.changes == {"status": [AttendanceStatus.PRESENT, AttendanceStatus.UNEXCUSED]}
    assert update.additional_data["scope"] == cell_a.hamlet.path
    assert update.object_pk == str(Attendance.objects.get(member=members[0]).pk)


def test_resolved_invitations_are_on_the_trail(district, district_staff, cell_a):
    post = factories.CellPostFactory(cell=cell_a)
    factories.HoldingFactory(post=post, start_date=datetime.date(2020, 7, 1))
    conference = Conference.objects.create(
        title="Hội nghị", date=datetime.date(2023, 6, 15), host=district
    )
    group = ConferenceInvitation.objects.create(conference=conference, place=district)
    group.post_types.set([factories.post_type(PostTypeCode.CELL_SECRETARY)])
    with set_actor(district_staff):
        conference.resolve_invitations()
    [entry] = LogEntry.objects.filter(content_type__model="conferenceinvitee")
    assert entry.actor == district_staff
    assert entry.object_pk == str(ConferenceInvitee.objects.get().pk)
