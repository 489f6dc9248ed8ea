"""The meeting figures of every commune at once (dashboards, reports) are
those of each commune on its own, and add up to the district's."""

import datetime

from core.periods import Period
from meetings.summary import meeting_figures
from portal.summary import total_of
from tests import factories

from .conftest import CadreAssignmentFactory, MeetingFactory

D = datetime.date
QUARTER = Period.parse("2023-Q3")


def _meetings(cell_a, cell_b):
    second_cell_a = factories.CellFactory(hamlet__parent=cell_a.hamlet.parent)
    for month in (7, 8, 9):
        MeetingFactory(cell=cell_a, date=D(2023, month, 10), kind="thuong_ky")
    MeetingFactory(cell=cell_a, date=D(2023, 9, 20), kind="chuyen_de")
    MeetingFactory(cell=second_cell_a, date=D(2023, 8, 5), kind="ket_hop")
    MeetingFactory(cell=cell_b, date=D(2023, 7, 3), kind="thuong_ky")
    CadreAssignmentFactory(cell=cell_b, start_date=D(2023, 1, 1))


def test_each_communes_row_equals_its_own_figures(cell_a, cell_b, district, commune_a, commune_b):
    _meetings(cell_a, cell_b)

    rows = meeting_figures.by_commune(district, QUARTER.end, QUARTER)

    assert set(rows) == {commune_a.pk, commune_b.pk}
    for commune in (commune_a, commune_b):
        assert rows[commune.pk] == meeting_figures(commune, QUARTER.end, QUARTER)
    assert (rows[commune_a.pk]["meetings_expected"], rows[commune_a.pk]["meetings_held"]) == (6, 4)
    assert rows[commune_b.pk]["cells_without_thematic"] == 1


def test_the_rows_add_up_to_the_districts_figures(cell_a, cell_b, district):
    _meetings(cell_a, cell_b)
    keys = ["meetings_expected", "meetings_held", "meeting_compliance", "thematic_meetings",
            "cells_without_thematic", "short_meetings", "cadre_assignments",
            "cadre_attendance_share"]  # fmt: skip

    total = total_of(meeting_figures.by_commune(district, QUARTER.end, QUARTER).values())
    own = meeting_figures(district, QUARTER.end, QUARTER)

    assert {key: total[key] for key in keys} == {key: own[key] for key in keys}
