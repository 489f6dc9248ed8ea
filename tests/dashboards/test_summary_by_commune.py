import datetime

from core.periods import Period
from portal.summary import SECTIONS, area_figures

DATE = datetime.date(2023, 12, 31)
CELL_KEYS = [
    "hamlets",
    "cells",
    "party_members",
    "full_members",
    "probationary_members",
    "admissions",
    "posts_filled",
    "posts_vacant",
    "secretary_is_chief_share",
]


def test_each_communes_row_equals_the_communes_own_figures(area, district, commune_a, commune_b):
    _area, rows = area_figures(district, date=DATE, communes=True)

    assert list(rows) == [commune_a.pk, commune_b.pk]
    for commune in (commune_a, commune_b):
        assert rows[commune.pk] == area_figures(commune, date=DATE).area


def test_hand_counted_figures(area, district, commune_a, commune_b):
    _area, rows = area_figures(district, date=DATE, communes=True)

    a, b = rows[commune_a.pk], rows[commune_b.pk]
    assert (a["hamlets"], a["cells"], a["party_members"], a["admissions"]) == (2, 2, 4, 2)
    assert (b["hamlets"], b["cells"], b["party_members"], b["admissions"]) == (1, 1, 1, 0)
    assert a["secretary_is_chief_share"] == 0.5
    assert b["secretary_is_chief_share"] == 0.0
    assert a["posts_filled"]["bi_thu"] == 1
    assert a["posts_vacant"]["bi_thu"] == 1


def test_the_area_given_with_its_communes_is_the_area_alone(area, district):
    assert (
        area_figures(district, date=DATE, communes=True).area
        == area_figures(district, date=DATE).area
    )


def test_each_section_gives_with_its_communes_what_it_gives_alone(area, district):
    for section in SECTIONS:
        assert section.with_communes(district, DATE, None) == (
            section.area(district, DATE, None),
            section.by_commune(district, DATE, None),
        )


def test_admissions_follow_the_period(area, district, commune_a):
    for code, admitted in [("2023-03", 1), ("2023-Q3", 1), ("2023-H1", 1), ("2023", 2)]:
        period = Period.parse(code)
        _area, rows = area_figures(district, period=period, communes=True)
        assert rows[commune_a.pk]["admissions"] == admitted, code
        assert rows[commune_a.pk]["period"] == code
        assert area_figures(commune_a, period=period).area["admissions"] == admitted


def test_query_count_does_not_grow_with_communes(area, district, django_assert_max_num_queries):
    # cells: the area's counts, posts and the post titles, the communes'
    # counts and posts; meetings: four (cells, meetings by month, counts,
    # cadre assignments); awards: the area's and the communes'; ratings: the
    # area's rounds, the communes in force, ratings and reviews by round
    with django_assert_max_num_queries(5 + 4 + 2 + 4):
        area_figures(district, date=DATE, communes=True)


def test_the_area_alone_takes_fewer_queries(area, district, django_assert_max_num_queries):
    # cells: counts, posts, post titles; meetings: four; awards: one;
    # ratings: rounds, ratings and reviews by round (one without rounds)
    with django_assert_max_num_queries(3 + 4 + 1 + 3):
        area_figures(district, date=DATE)
