"""The meeting rules: which cells are expected to meet, which meet, and the
figures of a period, computed in a fixed number of queries."""

import datetime

from core.periods import Period
from meetings.compliance import area_figures
from meetings.constants import MeetingKind
from meetings.models import CellMeetingCheck, Meeting
from tests import factories

from .conftest import MeetingFactory


def figures(place, code):
    return area_figures(place, Period.parse(code))


def test_a_month_with_two_regular_meetings_counts_once(district, cell_a):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 3))
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 20))
    result = figures(district, "2023-07")
    assert result["meetings_expected"] == 1
    assert result["meetings_held"] == 1
    assert result["meeting_compliance"] == 1.0
    assert result["regular_meetings"] == 2


def test_a_month_without_a_regular_meeting_lowers_compliance(district, cell_a, cell_b):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 3))
    MeetingFactory(cell=cell_b, date=datetime.date(2023, 7, 3), kind=MeetingKind.THEMATIC)
    result = figures(district, "2023-07")
    assert (result["meetings_expected"], result["meetings_held"]) == (2, 1)
    assert result["meeting_compliance"] == 0.5
    assert list(CellMeetingCheck.objects.missing_regular(Period.parse("2023-07"))) == [cell_b]


def test_a_cell_founded_mid_month_is_not_expected_that_month(district, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a, founded_on=datetime.date(2023, 7, 15))
    july, august = figures(district, "2023-07"), figures(district, "2023-08")
    assert july["meetings_expected"] == 0
    assert august["meetings_expected"] == 1
    assert not CellMeetingCheck.objects.missing_regular(Period.parse("2023-07")).exists()
    assert list(CellMeetingCheck.objects.missing_regular(Period.parse("2023-08"))) == [cell]


def test_a_cell_founded_on_the_first_day_is_expected_that_month(district, hamlet_a):
    factories.CellFactory(hamlet=hamlet_a, founded_on=datetime.date(2023, 7, 1))
    assert figures(district, "2023-07")["meetings_expected"] == 1


def test_a_cell_dissolved_mid_quarter_is_expected_only_for_its_full_months(district, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a, dissolved_on=datetime.date(2023, 8, 15))
    MeetingFactory(cell=cell, date=datetime.date(2023, 7, 10))
    result = figures(district, "2023-Q3")
    assert result["meetings_expected"] == 1  # July only
    assert result["meetings_held"] == 1
    # Not a whole quarter: no thematic meeting was due.
    assert result["cells_without_thematic"] == 0
    assert not CellMeetingCheck.objects.without_thematic(Period.parse("2023-Q3")).exists()


def test_a_quarter_without_thematic_meeting_is_flagged(district, cell_a, cell_b):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 8, 2), kind=MeetingKind.THEMATIC)
    result = figures(district, "2023-Q3")
    assert result["cells_without_thematic"] == 1
    assert result["thematic_meetings"] == 1
    assert list(CellMeetingCheck.objects.without_thematic(Period.parse("2023-Q3"))) == [cell_b]


def test_a_combined_meeting_counts_as_regular_and_thematic(district, cell_a):
    MeetingFactory(cell=cell_a, date=datetime.date(2023, 7, 3), kind=MeetingKind.COMBINED)
    result = figures(district, "2023-07")
    assert result["meetings_held"] == 1
    assert result["thematic_meetings"] == 1
    assert result["cells_without_thematic"] == 0


def test_a_meeting_at_2330_on_the_last_day_of_a_quarter_belongs_to_it(district, cell_a):
    # 16:30 UTC on 30/09 is 23:30 in Asia/Ho_Chi_Minh, still the third quarter.
    moment = datetime.datetime(2023, 9, 30, 16, 30, tzinfo=datetime.UTC)
    date, start = Meeting.local_date_and_time(moment)
    MeetingFactory(
        cell=cell_a, date=date, start_time=start, end_time=None, kind=MeetingKind.THEMATIC
    )
    assert (date, start) == (datetime.date(2023, 9, 30), datetime.time(23, 30))
    assert figures(district, "2023-Q3")["cells_without_thematic"] == 0
    assert figures(district, "2023-Q4")["thematic_meetings"] == 0


def test_a_combined_meeting_of_100_minutes_is_short_and_of_120_is_not(district, cell_a):
    MeetingFactory(
        cell=cell_a,
        date=datetime.date(2023, 7, 3),
        kind=MeetingKind.COMBINED,
        start_time=datetime.time(19, 0),
        end_time=datetime.time(20, 40),
    )
    MeetingFactory(
        cell=cell_a,
        date=datetime.date(2023, 8, 3),
        kind=MeetingKind.COMBINED,
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
    )
    assert figures(district, "2023-07")["short_meetings"] == 1
    assert figures(district, "2023-08")["short_meetings"] == 0


def test_a_regular_meeting_of_90_minutes_is_not_short(district, cell_a):
    MeetingFactory(cell=cell_a, start_time=datetime.time(19, 30), end_time=datetime.time(21, 0))
    assert figures(district, "2023-07")["short_meetings"] == 0


def test_thresholds_come_from_the_settings(settings, district, cell_a):
    settings.PORTAL_MEETING_RULES = {"min_regular_minutes": 120}
    MeetingFactory(cell=cell_a, start_time=datetime.time(19, 30), end_time=datetime.time(21, 0))
    assert figures(district, "2023-07")["short_meetings"] == 1


def test_papers_sent_on_the_meeting_day_are_late(district, cell_a):
    MeetingFactory(cell=cell_a, papers_sent_on=datetime.date(2023, 7, 5))
    MeetingFactory(
        cell=cell_a, date=datetime.date(2023, 7, 20), papers_sent_on=datetime.date(2023, 7, 19)
    )
    assert figures(district, "2023-07")["papers_late"] == 1


def test_reported_attendance_below_the_share_is_flagged(district, cell_a):
    MeetingFactory(cell=cell_a, reported_present=4, reported_excused=3, reported_unexcused=3)
    MeetingFactory(
        cell=cell_a, date=datetime.date(2023, 7, 25), reported_present=5, reported_unexcused=5
    )
    assert figures(district, "2023-07")["low_attendance_meetings"] == 1


def test_cells_of_another_place_are_not_counted(commune_a, cell_a, cell_b):
    MeetingFactory(cell=cell_b)
    result = figures(commune_a, "2023-07")
    assert (result["meetings_expected"], result["meetings_held"]) == (1, 0)


def test_figures_cost_the_same_queries_for_a_year_of_many_cells(
    district, hamlet_a, django_assert_max_num_queries
):
    cells = [factories.CellFactory(hamlet=hamlet_a) for _ in range(5)]
    for cell in cells:
        for month in range(1, 13):
            MeetingFactory(cell=cell, date=datetime.date(2023, month, 10))
    with django_assert_max_num_queries(4):
        result = figures(district, "2023")
    assert result["meetings_expected"] == 60
    assert result["meeting_compliance"] == 1.0
    assert result["cells_without_thematic"] == 5
