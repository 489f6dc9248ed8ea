"""Working days in Vietnam: Monday to Friday, minus the public holidays
(Tết and the others) of the `holidays` package, which follows the
government's yearly announcements, lunar dates included."""

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _holidays_of(year):
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start, count):
    """The `count`-th working day after `start` (the day of `start` itself
    never counts): the last day a thing due within `count` working days of
    `start` is on time."""
    day = start
    while count > 0:
        day += ONE_DAY
        if is_working_day(day):
            count -= 1
    return day
