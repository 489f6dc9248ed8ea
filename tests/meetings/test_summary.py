"""The meetings section of the area summary: the figures of the rule checks,
over a period or the month of the date."""

import datetime
import json

from django.core.management import call_command

from core.periods import Period
from meetings.constants import MeetingKind
from meetings.models import CellMeetingCheck
from meetings.summary import KEYS, MeetingSection
from portal.summary import area_figures
from tests import factories

from .conftest import CadreAssignmentFactory, MeetingFactory


def test_the_area_summary_carries_every_meeting_figure(district, cell_a, cell_b):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5), kind=MeetingKind.COMBINED)
    MeetingFactory(cell=cell_b, date=datetime.date(2023, 8, 5))
    summary = area_figures(district, period=Period.parse("2023-Q3")).area
    assert set(KEYS) <= set(summary)
    assert summary["period"] == "2023-Q3"
    assert (summary["meetings_expected"], summary["meetings_held"]) == (6, 2)
    assert summary["meeting_compliance"] == round(2 / 6, 4)
    assert (summary["thematic_meetings"], summary["cells_without_thematic"]) == (1, 1)


def test_without_a_period_it_reports_the_month_of_the_date(district, cell_a):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5))
    figures = MeetingSection().area(district, datetime.date(2023, 7, 20), None)
    assert figures["period"] == "2023-07"
    assert figures["meetings_held"] == 1


def test_it_agrees_with_the_admin_checks(district, cell_a, cell_b):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5))
    month = Period.parse("2023-07")
    figures = MeetingSection().area(district, month.end, month)
    missing = CellMeetingCheck.objects.within(district).missing_regular(month).count()
    assert figures["meetings_expected"] - figures["meetings_held"] == missing == 1


def test_cadre_attendance_share_counts_meetings_of_followed_cells(district, cell_a, cell_b):
    cadre = factories.PersonFactory(full_name="Phạm Văn Huyện", place=district)
    CadreAssignmentFactory(person=cadre, cell=cell_a)
    came = MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5))
    came.guests.create(person=cadre)
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 8, 5))
    MeetingFactory(cell=cell_b, date=datetime.date(2023, 8, 5))  # nobody follows cell B
    figures = MeetingSection().area(district, None, Period.parse("2023-Q3"))
    assert figures["cadre_assignments"] == 1
    assert figures["cadre_attendance_share"] == 0.5


def test_a_guest_not_assigned_to_the_cell_does_not_count(district, cell_a, cell_b):
    cadre = factories.PersonFactory(full_name="Phạm Văn Huyện", place=district)
    CadreAssignmentFactory(person=cadre, cell=cell_b)
    other = factories.PersonFactory(full_name="Lê Văn Khách", place=district)
    CadreAssignmentFactory(person=other, cell=cell_a)
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5)).guests.create(person=cadre)
    figures = MeetingSection().area(district, None, Period.parse("2023-07"))
    assert figures["cadre_attendance_share"] == 0.0


def test_the_command_prints_the_figures_as_json(district, cell_a, capsys):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 5))
    call_command("area_summary", "387", "--period", "2023-07", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["period"] == "2023-07"
    assert printed["meetings_held"] == 1
    assert printed["meeting_compliance"] == 1.0
