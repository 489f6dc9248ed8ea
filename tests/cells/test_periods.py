import datetime

import pytest

from core.periods import Period, PeriodError

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-07", D(2023, 7, 1), D(2023, 7, 31)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("2023-H1", D(2023, 1, 1), D(2023, 6, 30)),
        ("2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("2021..2023", D(2021, 1, 1), D(2023, 12, 31)),
    ],
)
def test_it_parses_every_period_kind(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end, str(period)) == (start, end, text)


@pytest.mark.parametrize(
    "text", ["2023-13", "2023-Q5", "2023-H3", "23", "2023..2021", "", "tháng 7"]
)
def test_it_refuses_a_bad_period_with_a_message(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_a_quarter_has_three_months():
    assert list(Period.parse("2023-Q4").months()) == [(2023, 10), (2023, 11), (2023, 12)]


def test_periods_of_early_years_keep_a_code_that_parses_back():
    # Dates as old as year 322 reach the API; their periods must not break.
    for period in (Period.month_of(D(322, 5, 14)), Period.quarter_of(D(322, 5, 14))):
        assert Period.from_code(period.code) == period
