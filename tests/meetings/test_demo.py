"""The demo meetings: on the demo cells, with gaps for the checks to show,
the seed's conferences, and nothing duplicated when loaded again."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from cells.models import Place
from core.periods import Period
from fixtures.demo import cells as cells_demo
from fixtures.demo import meetings as demo
from meetings.models import Conference, Meeting
from meetings.summary import MeetingSection


@pytest.fixture(scope="module")
def demo_meetings(django_db_setup, django_db_blocker):
    """Thanh Hóa's units, the cells demo and the meetings demo, loaded once
    for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_admin_units", "--province", "38", stdout=StringIO())
        cells_demo.load(log=lambda *args: None)
        demo.load(log=lambda *args: None)
        yield
        transaction.set_rollback(True)


def figures(code, period="2023"):
    return MeetingSection().area(Place.objects.official_unit(code), None, Period.parse(period))


@pytest.mark.django_db
def test_every_demo_district_has_meetings_with_gaps_to_show(demo_meetings):
    for code in demo.DISTRICTS:
        result = figures(code)
        assert 0.9 < result["meeting_compliance"] < 1
        assert result["short_meetings"] > 0
        assert result["cells_without_thematic"] > 0


@pytest.mark.django_db
def test_quan_son_cells_are_followed_by_district_cadres(demo_meetings):
    result = figures("387", "2023-Q4")
    assert result["cadre_assignments"] == 94
    assert 0.5 < result["cadre_attendance_share"] < 0.9


@pytest.mark.django_db
def test_december_2023_in_quan_son_has_per_member_attendance(demo_meetings):
    december = Meeting.objects.within(Place.objects.official_unit("387")).filter(
        date__gte="2023-12-01", attendance_total__isnull=False
    )
    assert december.count() > 80
    assert sum(december.values_list("attendance_total", flat=True)) > 3500


@pytest.mark.django_db
def test_the_nghi_son_conference_invites_its_239_cell_secretaries(demo_meetings):
    conference = Conference.objects.get(host__code="407")
    assert conference.invitees.count() == 239


@pytest.mark.django_db
def test_loading_again_adds_nothing(demo_meetings):
    before = Meeting.objects.count(), Conference.objects.count()
    assert demo.load(log=lambda *args: None) == 0
    assert (Meeting.objects.count(), Conference.objects.count()) == before
