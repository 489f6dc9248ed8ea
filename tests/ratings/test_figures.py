"""The yearly review in an area's figures (ratings.summary): counts and
shares by level, what waits for approval, which rounds count on a date, the
communes' rows, the query count, and the same counts on every surface."""

import datetime

import pytest

from cells.constants import PlaceKind, ReorganisationKind, ReorganisationSubject
from cells.models import Place
from cells.reorganisations import NewPlace, apply_reorganisation, plan_reorganisation
from core.periods import Period
from portal.summary import area_figures, themed
from ratings.constants import Subject
from ratings.defaults import default_criteria
from ratings.models import RatingRound
from ratings.summary import RatingSection, counted_rounds
from tests.figure_surfaces import every_surface, rating_counts
from tests.ratings.helpers import rate_cell

D = datetime.date
TODAY = D(2026, 12, 7)


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def reviewed_2025(rating_round, cell_a, members_a, commune_staff):
    """2025: Trần Thị Chi vetoed, the two others and the cell "tốt", approved."""
    return rate_cell(commune_staff, rating_round, cell_a, members_a, failed=[members_a[0]])


@pytest.fixture
def open_2026(commune_a, cell_a, members_a, commune_staff, reviewed_2025):
    """The 2026 round, open: one member entered, nothing proposed."""
    rating_round = RatingRound.objects.create(
        place=commune_a,
        name="Đánh giá, xếp loại năm 2026",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        member_criteria=default_criteria(Subject.MEMBER),
        cell_criteria=default_criteria(Subject.CELL),
    )
    rate_cell(commune_staff, rating_round, cell_a, members_a[1:2], approved=False)
    return rating_round


def test_the_review_counts_members_and_cells_by_level(reviewed_2025, commune_a):
    figures = area_figures(commune_a, date=D(2025, 12, 31)).area

    assert figures["rating_year"] == "2025"
    assert (figures["rating_rounds"], figures["rating_rounds_pending"]) == (1, 0)
    assert (figures["rating_reviews"], figures["rating_reviews_pending"]) == (1, 0)
    assert figures["rating_subjects"] == 4
    assert (figures["rating_members"], figures["rating_members_good"]) == (3, 2)
    assert figures["rating_members_failed"] == 1
    assert figures["rating_members_failed_share"] == round(1 / 3, 4)
    assert figures["rating_members_excellent_share"] == 0
    assert (figures["rating_cells"], figures["rating_cells_good"]) == (1, 1)
    assert figures["rating_committees"] == 0
    assert figures["rating_committees_good_share"] is None


def test_on_todays_dashboard_the_open_round_counts_and_a_quarter_shows_the_last_review(
    open_2026, commune_a
):
    today = area_figures(commune_a, date=TODAY).area
    assert today["rating_year"] == "2026"
    assert (today["rating_members"], today["rating_cells"]) == (1, 1)
    assert (today["rating_reviews_pending"], today["rating_rounds_pending"]) == (1, 1)
    assert [r.name for r in counted_rounds(commune_a, TODAY, None)] == [open_2026.name]

    # No yearly round ends in the third quarter: the last one ended counts.
    quarter = area_figures(commune_a, period=Period.parse("2026-Q3")).area
    assert quarter["rating_year"] == "2025"
    assert (quarter["rating_members"], quarter["rating_reviews_pending"]) == (3, 0)

    before = area_figures(commune_a, date=D(2024, 12, 31)).area
    assert before["rating_year"] is None and before["rating_members"] == 0


def test_each_communes_row_is_its_own_figures(open_2026, district, commune_a, commune_b):
    for period in (None, Period.parse("2026-Q3"), Period.parse("2025")):
        area, rows = area_figures(district, date=TODAY, period=period, communes=True)
        for commune in (commune_a, commune_b):
            own = area_figures(commune, date=TODAY, period=period).area
            assert rating_counts(rows[commune.pk]) == rating_counts(own)
        assert rating_counts(area) == rating_counts(rows[commune_a.pk])
    assert rows[commune_b.pk]["rating_members"] == 0


def test_the_section_takes_a_fixed_number_of_queries(
    open_2026, district, django_assert_num_queries
):
    section = RatingSection()
    # The rounds in reach, ratings by round, reviews by round.
    with django_assert_num_queries(3):
        section.area(district, TODAY, None)
    # ... and the communes in force.
    with django_assert_num_queries(4):
        section.with_communes(district, TODAY, None)


def test_the_review_counts_are_the_same_on_every_surface(
    reviewed_2025, client, district, district_staff, commune_a
):
    client.force_login(district_staff)

    figures, rows = every_surface(client, district_staff, district, "2025")

    shown = rating_counts(figures["dashboard"])
    assert (shown["rating_members"], shown["rating_members_failed"]) == (3, 1)
    assert shown["rating_cells_good"] == 1
    for surface, given in figures.items():
        assert rating_counts(given) == shown, surface
    for surface, given in rows.items():
        assert [rating_counts(row) for row in given] == [
            rating_counts(row) for row in rows["dashboard"]
        ], surface
    assert shown in [rating_counts(row) for row in rows["dashboard"]]


def test_a_merged_communes_successor_counts_its_predecessors_reviews(
    reviewed_2025, commune_a, commune_b, district_staff
):
    """Sơn Lư (rated in 2025) and Trung Xuân merge on 01/07/2026: the new
    commune's 2025 figures are Sơn Lư's review, whose rows stay where they
    stood."""
    plan = plan_reorganisation(
        user=district_staff,
        kind=ReorganisationKind.MERGE,
        subject=ReorganisationSubject.COMMUNE,
        effective_on=D(2026, 7, 1),
        predecessors=[commune_a, commune_b],
        successors=[NewPlace(name="Sơn Thủy", kind=PlaceKind.COMMUNE, code="15002")],
        decision_number="1686/NQ-UBTVQH15",
        decision_date=D(2026, 6, 16),
        decided_by="Ủy ban Thường vụ Quốc hội",
    )
    apply_reorganisation(plan=plan)
    successor = Place.objects.get(code="15002", valid_to=None)

    before = area_figures(successor, date=D(2025, 12, 31)).area
    assert (before["rating_members"], before["rating_cells"]) == (3, 1)
    assert before["rating_members_failed"] == 1
    predecessor = area_figures(commune_a, date=D(2025, 12, 31)).area
    assert rating_counts(before) == rating_counts(predecessor)


def test_the_committees_theme_shows_only_where_committees_were_rated(reviewed_2025, commune_a):
    figures = area_figures(commune_a, date=D(2025, 12, 31)).area
    themes = [str(theme) for theme, _rows in themed(figures)]
    assert "Xếp loại đảng viên" in themes and "Xếp loại chi bộ" in themes
    assert "Xếp loại đảng ủy xã" not in themes
    figures["rating_committees"] = 1  # as a province with a rated committee has it
    assert "Xếp loại đảng ủy xã" in [str(theme) for theme, _rows in themed(figures)]
    # A date with no yearly round in reach: the rounds' count, no counts by level.
    themes = [
        str(theme) for theme, _rows in themed(area_figures(commune_a, date=D(2023, 12, 31)).area)
    ]
    assert "Đánh giá, xếp loại chất lượng" in themes and "Xếp loại đảng viên" not in themes
