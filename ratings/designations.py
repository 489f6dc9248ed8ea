"""What the portal's own records say about a designation's criteria.

A designation (danh hiệu: "Chi bộ bốn tốt", "Chi bộ trong sạch, vững mạnh")
is decided by people, on criteria written in words (Designation.criteria).
Some criteria can be read off the records; those are the checks below, the
fixed set a designation may name (Designation.checks). The portal shows
their results beside the human decision (DesignationGrant.granted) and never
in its place: a committee may know of a meeting nobody entered.

Every check looks at the cell and the cells it continues (a copy made by the
2025 reform, a cell merged into it: ratings.lineage), so a cell copied on
01/07/2025 is judged on the whole of 2025. A month (quarter) is expected
when the cell or its predecessors existed for the whole of it, by the rule
of meetings.compliance, and only once it has ended.

`check_cells(pairs)` answers for any number of (cell, year) pairs in five
queries: the chains, the cells' dates, the meetings, the ratings counted,
the names of the members rated không hoàn thành.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.periods import Period
from meetings.compliance import regular_q, thematic_q
from meetings.constants import REGULAR_KINDS, THEMATIC_KINDS
from meetings.models import Meeting

from .constants import RatingLevel, ReviewStatus, RoundKind, Subject
from .lineage import predecessors_of_cells
from .models import Rating

MONTHLY_MEETING = "sinh_hoat_hang_thang"
QUARTERLY_THEMATIC = "chuyen_de_hang_quy"
NO_MEMBER_FAILED = "khong_dang_vien_khong_hoan_thanh"

# The fixed set of computed checks, in the order they are shown.
CHECKS = {
    MONTHLY_MEETING: _("Sinh hoạt thường kỳ đủ các tháng trong năm"),
    QUARTERLY_THEMATIC: _("Sinh hoạt chuyên đề mỗi quý ít nhất một lần"),
    NO_MEMBER_FAILED: _("Không có đảng viên xếp loại “Không hoàn thành nhiệm vụ”"),
}
CHECK_CHOICES = list(CHECKS.items())


@dataclass
class CheckResult:
    """`passed`: True, False, or None when the records cannot say (no
    rating entered yet, no month over yet)."""

    code: str
    passed: bool | None
    detail: str

    @property
    def label(self):
        return CHECKS[self.code]

    @property
    def mark(self):
        return {True: "✔", False: "✘", None: "?"}[self.passed]


@dataclass
class _Records:
    """What the queries returned, for every cell of every chain."""

    chains: dict
    lives: dict  # cell id: (founded_on, dissolved_on)
    regular: dict = field(default_factory=lambda: defaultdict(set))  # cell: {first of month}
    thematic: dict = field(default_factory=lambda: defaultdict(set))
    ratings: dict = field(default_factory=dict)  # (cell, year): {"rated", "failed", "open"}
    failed_names: dict = field(default_factory=lambda: defaultdict(list))  # (cell, year)


def unknown_codes(codes):
    """The codes of `codes` that are not checks (for Designation.clean)."""
    return [code for code in codes if code not in CHECKS]


def check_cells(pairs, *, codes=None, today=None, chains=None):
    """{(cell id, year): {code: CheckResult}} for the (cell or cell id, year)
    pairs, every check of `codes` (all by default). Five queries whatever
    the number of pairs, cells, meetings or members; four when the caller
    already has the cells' `chains` ({cell id: ids it continues})."""
    pairs = [(getattr(cell, "pk", cell), year) for cell, year in pairs]
    if not pairs:
        return {}
    codes = list(codes or CHECKS)
    today = today or timezone.localdate()
    records = _read(pairs, chains)
    return {
        (cell, year): {
            code: _CHECKERS[code](records, records.chains.get(cell, {cell}), cell, year, today)
            for code in codes
        }
        for cell, year in pairs
    }


def _read(pairs, chains=None):
    cells = {cell for cell, _year in pairs}
    if chains is None or not cells <= set(chains):
        chains = predecessors_of_cells(cells)
    every_cell = set().union(*chains.values()) if chains else set()
    lives = {
        pk: (founded, dissolved)
        for pk, founded, dissolved in Cell.objects.filter(pk__in=every_cell).values_list(
            "pk", "founded_on", "dissolved_on"
        )
    }
    records = _Records(chains=chains, lives=lives)
    years = {year for _cell, year in pairs}
    start, end = datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)
    _read_meetings(records, every_cell, start, end)
    _read_ratings(records, every_cell, years)
    return records


def _read_meetings(records, cells, start, end):
    rows = (
        Meeting.objects.filter(regular_q() | thematic_q(), cell__in=cells)
        .filter(date__gte=start, date__lte=end)
        .order_by()
        .values_list("cell_id", "date", "kind")
    )
    for cell, date, kind in rows:
        month = date.replace(day=1)
        if kind in REGULAR_KINDS:
            records.regular[cell].add(month)
        if kind in THEMATIC_KINDS:
            records.thematic[cell].add(month)


def _year_ratings(cells, years):
    """Members' ratings in yearly rounds ending in `years`, given by their
    cells in the round: the rating belongs to the cell they were rated in."""
    return (
        Rating.objects.filter(subject=Subject.MEMBER, cell__in=cells, round__kind=RoundKind.YEAR)
        .annotate(year=ExtractYear("round__end_date"))
        .filter(year__in=years)
        .order_by()
    )


def _read_ratings(records, cells, years):
    failed = Q(level=RatingLevel.FAILED)
    counts = (
        _year_ratings(cells, years)
        .values("cell_id", "year")
        .annotate(
            rated=Count("pk"),
            failed=Count("pk", filter=failed),
            open=Count("pk", filter=~Q(review__status=ReviewStatus.APPROVED)),
        )
    )
    for row in counts:
        records.ratings[(row["cell_id"], row["year"])] = row
    names = (
        _year_ratings(cells, years)
        .filter(failed)
        .values_list("cell_id", "year", "member__person__sort_key", "member__person__full_name")
    )
    for cell, year, sort_key, name in names:
        records.failed_names[(cell, year)].append((sort_key, name))


# --- the checks ---------------------------------------------------------------


def _covered(records, chain, start, end):
    """Whether the cells of `chain` existed, together, every day from
    `start` to `end` (meetings.compliance.existed_in_full over a chain: a
    cell dissolved on 30/06 and its copy founded on 01/07 cover the year)."""
    spans = sorted(
        (founded or datetime.date.min, dissolved or datetime.date.max)
        for founded, dissolved in (records.lives[cell] for cell in chain if cell in records.lives)
    )
    reached = start - datetime.timedelta(days=1)
    for founded, dissolved in spans:
        if founded > reached + datetime.timedelta(days=1):
            break
        reached = max(reached, dissolved)
        if reached >= end:
            return True
    return reached >= end


def _months(year, today):
    """(first day, last day) of each month of `year` over by `today`."""
    for month in range(1, 13):
        period = Period.month_of(datetime.date(year, month, 1))
        if period.end < today:
            yield period.start, period.end


def _so_far(year, today):
    if datetime.date(year, 12, 31) < today:
        return ""
    return str(_(" (năm chưa kết thúc: tính đến %(date)s)") % {"date": f"{today:%d/%m/%Y}"})


def _monthly_meetings(records, chain, cell, year, today):
    held = set().union(*(records.regular[member] for member in chain))
    months = _months(year, today)
    expected = [first for first, last in months if _covered(records, chain, first, last)]
    if not expected:
        return CheckResult(MONTHLY_MEETING, None, str(_("Chưa có tháng nào để xét.")))
    missing = [first for first in expected if first not in held]
    done = len(expected) - len(missing)
    words = {"done": done, "expected": len(expected)}
    if missing:
        months = ", ".join(f"{first:%m/%Y}" for first in missing)
        detail = _("Sinh hoạt %(done)s/%(expected)s tháng; thiếu tháng %(months)s.") % {
            **words,
            "months": months,
        }
        return CheckResult(MONTHLY_MEETING, False, str(detail) + _so_far(year, today))
    detail = _("Sinh hoạt đủ %(done)s/%(expected)s tháng.") % words
    return CheckResult(MONTHLY_MEETING, True, str(detail) + _so_far(year, today))


def _quarterly_thematic(records, chain, cell, year, today):
    held = set().union(*(records.thematic[member] for member in chain))
    expected, missing = 0, []
    for number in range(1, 5):
        quarter = Period.quarter_of(datetime.date(year, 3 * number - 2, 1))
        if quarter.end >= today or not _covered(records, chain, quarter.start, quarter.end):
            continue
        expected += 1
        months = {datetime.date(year, 3 * number - 2 + step, 1) for step in range(3)}
        if held.isdisjoint(months):
            missing.append(number)
    if not expected:
        return CheckResult(QUARTERLY_THEMATIC, None, str(_("Chưa có quý nào để xét.")))
    words = {"done": expected - len(missing), "expected": expected}
    if missing:
        quarters = ", ".join(f"{number}/{year}" for number in missing)
        detail = _("Có chuyên đề %(done)s/%(expected)s quý; thiếu quý %(quarters)s.") % {
            **words,
            "quarters": quarters,
        }
        return CheckResult(QUARTERLY_THEMATIC, False, str(detail) + _so_far(year, today))
    detail = _("Có chuyên đề đủ %(done)s/%(expected)s quý.") % words
    return CheckResult(QUARTERLY_THEMATIC, True, str(detail) + _so_far(year, today))


def _no_member_failed(records, chain, cell, year, today):
    rated = failed = still_open = 0
    names = []
    for member in chain:
        row = records.ratings.get((member, year))
        if row:
            rated, failed, still_open = (
                rated + row["rated"],
                failed + row["failed"],
                still_open + row["open"],
            )
        names += records.failed_names.get((member, year), [])
    if not rated:
        detail = _("Chưa có kết quả xếp loại đảng viên năm %(year)s.") % {"year": year}
        return CheckResult(NO_MEMBER_FAILED, None, str(detail))
    pending = str(_(" Kết quả chưa được phê duyệt hết.")) if still_open else ""
    if failed:
        detail = _("%(failed)s/%(rated)s đảng viên không hoàn thành nhiệm vụ: %(names)s.") % {
            "failed": failed,
            "rated": rated,
            "names": ", ".join(name for _key, name in sorted(names)),
        }
        return CheckResult(NO_MEMBER_FAILED, False, str(detail) + pending)
    detail = _("%(rated)s đảng viên được xếp loại, không ai không hoàn thành.") % {"rated": rated}
    return CheckResult(NO_MEMBER_FAILED, True, str(detail) + pending)


_CHECKERS = {
    MONTHLY_MEETING: _monthly_meetings,
    QUARTERLY_THEMATIC: _quarterly_thematic,
    NO_MEMBER_FAILED: _no_member_failed,
}


# --- designations every locality starts with ------------------------------------

SHARED_DESIGNATIONS = [
    {
        "name": "Chi bộ bốn tốt",
        "criteria": (
            "1. Tốt về thực hiện nhiệm vụ chính trị của địa phương.\n"
            "2. Tốt về chất lượng sinh hoạt chi bộ (sinh hoạt thường kỳ hằng tháng, "
            "chuyên đề ít nhất mỗi quý một lần).\n"
            "3. Tốt về đoàn kết, kỷ luật.\n"
            "4. Tốt về cán bộ, đảng viên.\n"
            "Tiêu chuẩn cụ thể do cấp ủy địa phương quy định."
        ),
        "checks": [MONTHLY_MEETING, QUARTERLY_THEMATIC, NO_MEMBER_FAILED],
        "order": 1,
    },
    {
        "name": "Chi bộ trong sạch, vững mạnh",
        "criteria": (
            "Chi bộ hoàn thành tốt nhiệm vụ trở lên trong năm; sinh hoạt đều đặn, "
            "nội bộ đoàn kết; không có đảng viên vi phạm đến mức phải xử lý kỷ luật, "
            "không có đảng viên không hoàn thành nhiệm vụ. "
            "Tiêu chuẩn cụ thể do cấp ủy địa phương quy định."
        ),
        "checks": [MONTHLY_MEETING, NO_MEMBER_FAILED],
        "order": 2,
    },
]


def load_shared_designations(apps):
    """The shared designations (no place), from a migration; a second run
    changes nothing."""
    designation = apps.get_model("ratings", "Designation")
    for row in SHARED_DESIGNATIONS:
        designation.objects.get_or_create(
            place=None, name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
        )
