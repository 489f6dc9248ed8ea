"""The meeting figures of every commune at once (dashboards, reports) are
those of each commune on its own; given with them, the district's are its own."""

import datetime

from core.periods import Period
from meetings.summary import MeetingSection
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

    rows = MeetingSection().by_commune(district, QUARTER.end, QUARTER)

    assert set(rows) == {commune_a.pk, commune_b.pk}
    for commune in (commune_a, commune_b):
        assert rows[commune.pk] == MeetingSection().area(commune, QUARTER.end, QUARTER)
    assert (rows[commune_a.pk]["meetings_expected"], rows[commune_a.pk]["meetings_held"]) == (6, 4)
    assert rows[commune_b.pk]["cells_without_thematic"] == 1


def test_the_district_given_with_its_communes_has_its_own_figures(cell_a, cell_b, district):
    _meetings(cell_a, cell_b)
    district_cell = factories.CellFactory(
        hamlet=None,
        committee=factories.CommitteeFactory(place=district),
        name="Chi bộ cơ quan",
        kind="co_quan",
    )
    MeetingFactory(cell=district_cell, date=D(2023, 7, 12), kind="thuong_ky")

    area, rows = MeetingSection().with_communes(district, QUARTER.end, QUARTER)

    assert area == MeetingSection().area(district, QUARTER.end, QUARTER)
    assert rows == MeetingSection().by_commune(district, QUARTER.end, QUARTER)
    assert area["regular_meetings"] == sum(r["regular_meetings"] for r in rows.values()) + 1
