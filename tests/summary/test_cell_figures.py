"""Cells figures of an area at a date (cells.summary via portal.summary)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.constants import PlaceKind, PostTypeCode
from cells.summary import CellSection
from portal.summary import area_figures
from tests import factories

END_2023 = datetime.date(2023, 12, 31)


@pytest.mark.django_db
def test_it_counts_units_and_cells_in_force_at_the_date(area):
    summary = area_figures(area, date=END_2023).area

    assert summary["place_code"] == "387"
    assert summary["place_name"] == "Huyện Quan Sơn"
    assert summary["date"] == "2023-12-31"
    assert summary["communes"] == 2
    assert summary["hamlets"] == 3  # Bản Cũ ended in 2019; Bản Mới has no cell yet
    assert summary["cells"] == 2  # the dissolved cell and next year's cell do not count


@pytest.mark.django_db
def test_it_counts_each_member_once_where_they_belong_on_the_date(area):
    summary = area_figures(area, date=END_2023).area

    # the member of cell A, the one transferred from A to B, the one admitted in
    # 2023; not the one who left the party, the one in the dissolved cell, the one
    # who moved to Thọ Xuân, nor the one joining a cell next year.
    assert summary["party_members"] == 3
    assert summary["admissions"] == 1
    assert summary["admissions_from"] == "2023-01-01"


@pytest.mark.django_db
def test_members_counted_earlier_include_those_who_moved_out_later(area):
    summary = area_figures(area, date=datetime.date(2023, 1, 31)).area

    # Before July the member who left still counts, and the one who moved to Thọ
    # Xuân in May too; the 2023 admission has not happened yet.
    assert summary["party_members"] == 4
    assert summary["admissions"] == 0


@pytest.mark.django_db
def test_it_counts_filled_and_vacant_posts_by_post_type(area):
    summary = area_figures(area, date=END_2023).area

    assert summary["posts_filled"][PostTypeCode.CELL_SECRETARY] == 1
    assert summary["posts_vacant"][PostTypeCode.CELL_SECRETARY] == 1
    assert summary["posts_filled"][PostTypeCode.HAMLET_CHIEF] == 2
    assert summary["posts_vacant"][PostTypeCode.HAMLET_CHIEF] == 0
    assert summary["posts_filled"][PostTypeCode.FRONT_HEAD] == 0
    assert summary["posts_vacant"][PostTypeCode.FRONT_HEAD] == 1
    assert summary["posts_vacant"][PostTypeCode.VETERANS_HEAD] == 0


@pytest.mark.django_db
def test_the_front_head_post_was_filled_before_the_holding_ended(area):
    summary = area_figures(area, date=datetime.date(2022, 6, 30)).area

    assert summary["posts_filled"][PostTypeCode.FRONT_HEAD] == 1


@pytest.mark.django_db
def test_it_gives_the_share_of_hamlets_whose_secretary_is_the_chief(area):
    summary = area_figures(area, date=END_2023).area

    assert summary["secretary_is_chief_share"] == 0.5  # Khu 1 yes, Bản Din no


@pytest.mark.django_db
def test_the_share_is_empty_for_an_area_without_cells(commune_a):
    summary = area_figures(commune_a, date=END_2023).area

    assert summary["secretary_is_chief_share"] is None
    assert summary["cells"] == 0


@pytest.mark.django_db
def test_with_a_period_it_counts_at_the_end_and_admissions_over_the_period(area):
    from core.periods import Period

    summary = area_figures(area, period=Period.parse("2023-Q1")).area

    assert summary["period"] == "2023-Q1"
    assert summary["date"] == "2023-03-31"
    assert summary["admissions"] == 1
    assert summary["admissions_from"] == "2023-01-01"


def build_hamlets(commune, count):
    for number in range(count):
        hamlet = factories.HamletFactory(parent=commune, kind=PlaceKind.VILLAGE)
        cell = factories.CellFactory(hamlet=hamlet)
        member = factories.CellMembershipFactory(cell=cell, member__person__place=hamlet).member
        for code in (PostTypeCode.CELL_SECRETARY, PostTypeCode.HAMLET_CHIEF):
            kwargs = {"cell": cell} if code == PostTypeCode.CELL_SECRETARY else {}
            factory = factories.CellPostFactory if kwargs else factories.HamletPostFactory
            seat = factory(post_type=factories.post_type(code), place=hamlet, **kwargs)
            if number % 2 == 0:
                factories.HoldingFactory(person=member.person, post=seat)


def queries_for(place):
    with CaptureQueriesContext(connection) as captured:
        area_figures(place, date=END_2023)
    return len(captured)


@pytest.mark.django_db
def test_it_issues_the_same_few_queries_for_one_hamlet_and_for_twenty(
    commune_a, commune_b, django_assert_max_num_queries
):
    build_hamlets(commune_a, 1)
    build_hamlets(commune_b, 20)

    # The cells section of an area: its counts, its posts grouped by title,
    # the titles (grouping, not a subquery per title, keeps SQLite on the
    # area's posts: see cells.summary.post_figures).
    with django_assert_max_num_queries(3):
        CellSection().area(commune_b, END_2023, None)
    # The whole summary, other apps' sections included, does not grow either;
    # each app pins its own section's count in its tests.
    assert queries_for(commune_a) == queries_for(commune_b)
