"""Reporting periods: a month (2023-07), quarter (2023-Q3), half-year
(2023-H1), year (2023) or a range of years (2021..2023), and the ranges of
days the portal builds itself (`Period.between`: the two sides of a
before/after comparison)."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodError(ValueError):
    pass


# The Communist Party of Vietnam was founded on 3 February 1930: no cell,
# member, meeting or report the portal keeps is older, so no period or date
# anyone asks for starts before that year. A year past today covers a term
# or a plan being prepared; anything later is a slip (2203 for 2023). Dates
# outside this range also overflow the date arithmetic of the figures.
FIRST_YEAR = 1930
YEARS_AHEAD = 1


def last_year():
    return timezone.localdate().year + YEARS_AHEAD


def _out_of_range_message():
    return _("Chỉ nhận các năm từ %(first)s đến %(last)s.") % {
        "first": FIRST_YEAR,
        "last": last_year(),
    }


def validate_date_in_range(value):
    """The validator of every date a user picks to see figures or reports
    (a dashboard, an API filter, a command option)."""
    if not FIRST_YEAR <= value.year <= last_year():
        raise ValidationError(
            _("Ngày %(date)s không hợp lệ. %(range)s"),
            code="out_of_range",
            params={
                "date": f"{value.day:02d}/{value.month:02d}/{value.year:04d}",
                "range": _out_of_range_message(),
            },
        )


MONTH, QUARTER, HALF, YEAR, YEARS = "month", "quarter", "half", "year", "years"
DAYS = "days"  # never typed: `Period.between`

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})$"), MONTH),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})-[Hh]([12])$"), HALF),
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})\.\.(\d{4})$"), YEARS),
]


def months_after(date, months):
    """The same day `months` later (earlier when negative). A day the month
    lacks moves on to the 1st of the next month, as an anniversary of 29
    February falls on 1 March in a common year (members.age.whole_years):
    31/08 + 6 months is 01/03, and 29/02/2024 + 12 months is 01/03/2025."""
    total = date.year * 12 + date.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    if date.day <= calendar.monthrange(year, month)[1]:
        return date.replace(year=year, month=month, day=date.day)
    return month_end(year, month) + datetime.timedelta(days=1)


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive
    code: str

    @classmethod
    def parse(cls, text):
        """A period someone typed (a form, a query string, a command option):
        well formed, and its years between FIRST_YEAR and `last_year()`."""
        period = cls.from_code(text)
        if period.start.year < FIRST_YEAR or period.end.year > last_year():
            raise PeriodError(
                _("Kỳ “%(text)s” không hợp lệ. %(range)s")
                % {"text": period.code, "range": _out_of_range_message()}
            )
        return period

    @classmethod
    def from_code(cls, text):
        """Any well-formed period, whatever its years: for the codes the
        portal built itself (stored reports, chart points)."""
        text = (text or "").strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if match:
                return cls._build(kind, *(int(group) for group in match.groups()))
        raise PeriodError(
            _("Kỳ “%(text)s” không hợp lệ: dùng 2023-07, 2023-Q3, 2023-H1, 2023 hoặc 2021..2023.")
            % {"text": text}
        )

    @classmethod
    def _build(cls, kind, year, number=None):
        # Four-digit years in every code, so a code always parses back.
        if kind == MONTH:
            if not 1 <= number <= 12:
                raise PeriodError(_("Tháng phải từ 01 đến 12."))
            start, end = datetime.date(year, number, 1), month_end(year, number)
            return cls(kind, start, end, f"{year:04d}-{number:02d}")
        if kind == QUARTER:
            first = 3 * (number - 1) + 1
            start, end = datetime.date(year, first, 1), month_end(year, first + 2)
            return cls(kind, start, end, f"{year:04d}-Q{number}")
        if kind == HALF:
            first = 6 * (number - 1) + 1
            start, end = datetime.date(year, first, 1), month_end(year, first + 5)
            return cls(kind, start, end, f"{year:04d}-H{number}")
        if kind == YEAR:
            return cls(kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year:04d}")
        if number < year:
            raise PeriodError(_("Năm cuối không được trước năm đầu."))
        start, end = datetime.date(year, 1, 1), datetime.date(number, 12, 31)
        return cls(kind, start, end, f"{year:04d}..{number:04d}")

    @classmethod
    def between(cls, start, end):
        """The days from `start` to `end`, both included, for the periods the
        portal builds itself rather than reads (the year before and the year
        after a reorganisation need not fall on months). Its code reads
        2025-07-01..2026-06-30; `parse` does not take it, so nothing typed
        or stored as a report period is ever one."""
        if end < start:
            raise PeriodError(_("Ngày cuối không được trước ngày đầu."))
        return cls(DAYS, start, end, f"{start.isoformat()}..{end.isoformat()}")

    @classmethod
    def month_of(cls, date):
        return cls._build(MONTH, date.year, date.month)

    @classmethod
    def quarter_of(cls, date):
        return cls._build(QUARTER, date.year, (date.month - 1) // 3 + 1)

    def months(self):
        """(year, month) of every month in the period, in order."""
        year, month = self.start.year, self.start.month
        while datetime.date(year, month, 1) <= self.end:
            yield year, month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def quarters(self):
        seen = []
        for year, month in self.months():
            key = (year, (month - 1) // 3 + 1)
            if key not in seen:
                seen.append(key)
        return seen

    def __contains__(self, date):
        return self.start <= date <= self.end

    def __str__(self):
        return self.code
