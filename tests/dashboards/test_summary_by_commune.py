import datetime

from core.periods import Period
from portal.summary import area_summary, area_summary_by_commune, total_of

DATE = datetime.date(2023, 12, 31)
CELL_KEYS = [
    "hamlets",
    "cells",
    "party_members",
    "admissions",
    "posts_filled",
    "posts_vacant",
    "secretary_is_chief_share",
]


def test_each_communes_row_equals_the_communes_own_summary(area, district, commune_a, commune_b):
    rows = area_summary_by_commune(district, date=DATE)

    assert set(rows) == {commune_a.pk, commune_b.pk}
    for commune in (commune_a, commune_b):
        own = area_summary(commune, date=DATE)
        assert {key: rows[commune.pk][key] for key in CELL_KEYS} == {
            key: own[key] for key in CELL_KEYS
        }


def test_hand_counted_figures(area, district, commune_a, commune_b):
    rows = area_summary_by_commune(district, date=DATE)

    a, b = rows[commune_a.pk], rows[commune_b.pk]
    assert (a["hamlets"], a["cells"], a["party_members"], a["admissions"]) == (2, 2, 4, 2)
    assert (b["hamlets"], b["cells"], b["party_members"], b["admissions"]) == (1, 1, 1, 0)
    assert a["secretary_is_chief_share"] == 0.5
    assert b["secretary_is_chief_share"] == 0.0
    assert a["posts_filled"]["bi_thu"] == 1
    assert a["posts_vacant"]["bi_thu"] == 1


def test_totals_equal_the_districts_summary(area, district):
    total = total_of(area_summary_by_commune(district, date=DATE).values())
    own = area_summary(district, date=DATE)

    assert {key: total[key] for key in CELL_KEYS} == {key: own[key] for key in CELL_KEYS}


def test_admissions_follow_the_period(area, district, commune_a):
    for code, admitted in [("2023-03", 1), ("2023-Q3", 1), ("2023-H1", 1), ("2023", 2)]:
        period = Period.parse(code)
        rows = area_summary_by_commune(district, period=period)
        assert rows[commune_a.pk]["admissions"] == admitted, code
        assert rows[commune_a.pk]["period"] == code
        assert area_summary(commune_a, period=period)["admissions"] == admitted


def test_query_count_does_not_grow_with_communes(area, district, django_assert_max_num_queries):
    # cells: three queries; meetings: four (cells, meetings by month, counts,
    # cadre assignments); awards: one
    with django_assert_max_num_queries(3 + 4 + 1):
        area_summary_by_commune(district, date=DATE)


def test_totals_recompute_ratios_instead_of_adding_them():
    rows = [
        {"meetings_expected": 10, "meetings_held": 9, "meeting_compliance": 0.9},
        {"meetings_expected": 30, "meetings_held": 15, "meeting_compliance": 0.5},
    ]

    total = total_of(rows)

    assert total["meeting_compliance"] == 0.6
    assert (total["meetings_expected"], total["meetings_held"]) == (40, 24)
