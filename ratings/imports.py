"""Excel import of a cell's member ratings, on the shared all-or-nothing
engine (`core.imports.base.Importer`), and the template workbook it reads.

Columns: "Họ và tên"*, "Số thẻ đảng viên", "Số CCCD" (to tell members
apart, as the members import does), then one column per criterion of the
round (header = the criterion's name) and one per condition or veto that
concerns members ("x" when it holds). A member is found among those of the
cell in the round's period by card number, else citizen id, else name when
only one member bears it. The rows go through `services.save_ratings`, so
the screen, the API and the import judge alike; one bad row and nothing is
written."""

import io
from dataclasses import dataclass

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.imports.lookups import MemberFinder
from core.imports.base import Importer
from core.imports.reading import Column, ImportFailed
from core.spreadsheets import quote_prefixed, write_text
from core.vietnamese import fold

from . import services
from .constants import Subject
from .levels import Framework, as_points, vietnamese_number
from .screen import _criteria

TICKS = {"x", "co", "1", "dat"}
IDENTITY = [
    Column("name", "Họ và tên", required=True, aliases=("Họ tên", "Tên đảng viên")),
    Column("card", "Số thẻ đảng viên", aliases=("Số thẻ", "Số thẻ Đảng")),
    Column("citizen_id", "Số CCCD", aliases=("CCCD", "Số căn cước công dân")),
]


@dataclass(frozen=True, order=True)
class ServiceError:
    """A message of `services.save_ratings` (it names the row itself)."""

    row: int
    message: str

    def __str__(self):
        return self.message


def columns_of(rating_round):
    """(columns, criteria, requirements, vetoes) of the round's members."""
    criteria = _criteria(rating_round).get(rating_round.member_criteria_id, [])
    framework = Framework.of(rating_round)
    requirements = framework.requirements(Subject.MEMBER)
    vetoes = framework.vetoes(Subject.MEMBER)
    columns = [
        *IDENTITY,
        *(Column(f"c{c.pk}", c.name) for c in criteria),
        *(Column(f"m-{c.code}", c.name) for c in requirements),
        *(Column(f"v-{c.code}", c.name) for c in vetoes),
    ]
    return columns, criteria, requirements, vetoes


class RatingImport(Importer):
    permission = "ratings.change_rating"
    title = gettext_lazy("Nhập kết quả đánh giá, xếp loại đảng viên")

    def __init__(self, user, *, review, cell):
        super().__init__(user)
        self.review, self.cell = review, cell
        self.columns, self.criteria, self.requirements, self.vetoes = columns_of(review.round)

    def plan(self, table):
        finder = MemberFinder(
            [membership.member for membership in services.period_members(self.review).values()],
            not_found=_("Không có đảng viên nào của chi bộ trong kỳ với số này."),
            not_named=_("%(name)s không sinh hoạt ở chi bộ này trong kỳ đánh giá."),
        )
        entries = []
        for row in table.rows:
            member = finder.find(row)
            points = {c.pk: self._points(row, c) for c in self.criteria}
            entries.append(
                services.Entry(
                    member=member,
                    points=points,
                    met=frozenset(c.code for c in self.requirements if _ticked(row, f"m-{c.code}")),
                    vetoes=frozenset(c.code for c in self.vetoes if _ticked(row, f"v-{c.code}")),
                    where=_("Dòng %(row)s") % {"row": row.number},
                )
            )
        return entries

    def _points(self, row, criterion):
        key = f"c{criterion.pk}"
        if row.is_blank(key):
            row.error(key, _("Chưa có điểm."))
            return None
        points = as_points(row.raw(key))
        if points is None:
            row.error(key, _("“%(value)s” không phải là số điểm.") % {"value": row.text(key)})
        elif points < 0:
            row.error(key, _("Điểm không được âm."))
        elif points > criterion.max_points:
            row.error(
                key,
                _("%(points)s điểm vượt quá điểm tối đa %(max)s.")
                % {
                    "points": vietnamese_number(points),
                    "max": vietnamese_number(criterion.max_points),
                },
            )
        return points

    def count(self, plan):
        return {_("kết quả đánh giá"): len(plan)}

    def write(self, plan):
        review = services.review_for(self.review.round, cell=self.cell)
        try:
            services.save_ratings(self.user, review, plan)
        except services.RatingError as error:
            raise ImportFailed([ServiceError(0, message) for message in error.messages]) from None


def _ticked(row, key):
    text = fold(row.text(key))
    if text and text not in TICKS:
        row.error(key, _("Ghi “x” khi đạt, để trống khi không."))
    return text in TICKS


def template_workbook(grid):
    """The .xlsx a cell fills in: a title, the headers the import reads and
    one row per member on the screen, with what is already saved."""
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Đánh giá"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    safe = quote_prefixed(workbook)
    rating_round = grid.review.round
    write_text(sheet, 0, 0, f"{rating_round.name} — {grid.review.cell}", bold)
    write_text(
        sheet,
        1,
        0,
        _("Điểm từng tiêu chí (tối đa ghi trong tiêu đề); điều kiện đạt ghi “x”."),
        None,
    )
    columns, criteria, requirements, vetoes = columns_of(rating_round)
    for index, column in enumerate(columns):
        header = column.header
        sheet.write_string(2, index, header, bold)
    for index, criterion in enumerate(criteria, start=len(IDENTITY)):
        sheet.write_comment(
            2, index, _("Tối đa %(max)s điểm") % {"max": vietnamese_number(criterion.max_points)}
        )
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(columns) - 1, 16)
    for number, row in enumerate(grid.rows, start=3):
        member = row.member
        write_text(sheet, number, 0, str(member), None, safe)
        write_text(sheet, number, 1, member.card_number or "", None, safe)
        write_text(sheet, number, 2, member.person.citizen_id or "", None, safe)
        saved = row.rating.points if row.rating else {}
        for index, criterion in enumerate(criteria, start=len(IDENTITY)):
            if str(criterion.pk) in saved:
                sheet.write_number(number, index, float(saved[str(criterion.pk)]))
        start = len(IDENTITY) + len(criteria)
        for index, condition in enumerate([*requirements, *vetoes], start=start):
            if condition.code in (row.met | row.vetoes):
                sheet.write_string(number, index, "x")
    workbook.close()
    return stream.getvalue()
