"""One meeting: its duration from its times, its checks in words."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError

from meetings.compliance import rules
from meetings.models import Meeting

from .conftest import MeetingFactory


def test_the_duration_is_derived_from_the_times(cell_a):
    meeting = MeetingFactory(
        cell=cell_a, start_time=datetime.time(19, 30), end_time=datetime.time(21, 45)
    )
    assert meeting.duration_minutes == 135


def test_a_meeting_running_past_midnight_ends_the_next_day(cell_a):
    meeting = MeetingFactory(
        cell=cell_a, start_time=datetime.time(23, 30), end_time=datetime.time(1, 15)
    )
    assert meeting.duration_minutes == 105


def test_a_backfilled_duration_without_times_is_kept(cell_a):
    meeting = MeetingFactory(cell=cell_a, start_time=None, end_time=None, duration_minutes=95)
    assert Meeting.objects.get(pk=meeting.pk).duration_minutes == 95


def test_it_rejects_papers_sent_after_the_meeting(cell_a):
    meeting = Meeting(
        cell=cell_a,
        kind="thuong_ky",
        date=datetime.date(2023, 7, 5),
        papers_sent_on=datetime.date(2023, 7, 6),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "Ngày gửi tài liệu không được sau ngày họp" in str(error.value)
    with pytest.raises(IntegrityError):
        meeting.save()


def test_it_rejects_a_meeting_of_a_cell_not_yet_founded(hamlet_a):
    from tests import factories

    cell = factories.CellFactory(hamlet=hamlet_a, founded_on=datetime.date(2023, 8, 1))
    meeting = Meeting(cell=cell, kind="thuong_ky", date=datetime.date(2023, 7, 5))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "chưa thành lập" in str(error.value)


def test_an_unknown_rule_in_the_settings_fails_loudly(settings):
    settings.PORTAL_MEETING_RULES = {"min_regular_minute": 60}
    with pytest.raises(ImproperlyConfigured, match="min_regular_minute"):
        rules()
