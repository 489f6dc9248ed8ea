"""Report periods: which period a report covers and how it is named."""

import datetime

from core.periods import HALF, MONTH, QUARTER, YEAR, Period

REPORT_KINDS = (MONTH, QUARTER, HALF, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(code):
    period = Period.from_code(code)
    year = period.start.year
    if period.kind == MONTH:
        return f"tháng {period.start:%m/%Y}"
    if period.kind == QUARTER:
        return f"quý {ROMAN[(period.start.month - 1) // 3 + 1]}/{year}"
    if period.kind == HALF:
        half = "đầu" if period.start.month == 1 else "cuối"
        return f"6 tháng {half} năm {year}"
    if period.kind == YEAR:
        return f"năm {year}"
    return period.code


def report_name(code):
    """ "Báo cáo quý III/2023", "Báo cáo sơ kết 6 tháng đầu năm 2023" …"""
    kind = Period.from_code(code).kind
    prefix = {HALF: "Báo cáo sơ kết", YEAR: "Báo cáo tổng kết"}.get(kind, "Báo cáo")
    return f"{prefix} {period_label(code)}"


def report_title(period):
    if period.kind == HALF:
        return f"BÁO CÁO SƠ KẾT {period_label(period.code).upper()}"
    if period.kind == YEAR:
        return f"BÁO CÁO TỔNG KẾT {period_label(period.code).upper()}"
    return f"BÁO CÁO {period_label(period.code).upper()}"


def period_before(kind, today):
    """The last complete period of `kind` before `today` (the day beat runs)."""
    if kind not in REPORT_KINDS:
        raise ValueError(f"Unknown report kind {kind!r}")
    previous_day = today.replace(day=1) - datetime.timedelta(days=1)
    if kind == MONTH:
        return Period.month_of(previous_day)
    if kind == QUARTER:
        return Period.quarter_of(previous_day)
    if kind == HALF:
        return Period.parse(f"{previous_day.year:04d}-H{1 if previous_day.month <= 6 else 2}")
    return Period.parse(str(previous_day.year))
