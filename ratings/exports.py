"""The rating list of a cell or a commune in a round, as .xlsx in the party's
document format (core.documents: header block, signature block, page set-up):
STT | Họ và tên | Chi bộ | Ghi chú (dự bị, miễn sinh hoạt) | Điểm | Xếp loại |
Căn cứ xếp loại, the collectives (the cells) first, then the members, each
section numbered from 1, names in Vietnamese order (Person.sort_key).

The rows come from one query, streamed into XlsxWriter in constant memory;
every text cell goes through core.spreadsheets, so a name typed as "=..."
stays text.
"""

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.documents import (
    DocumentFormats,
    Heading,
    Signature,
    merged_text,
    new_workbook,
    setup_page,
    write_header_row,
    write_heading,
    write_signature,
)
from core.exports import record_download
from core.spreadsheets import write_text
from core.vietnamese import fold

from .constants import RatingLevel, Subject
from .models import Rating

HEADERS = (
    "STT",
    "Họ và tên",
    "Chi bộ",
    "Đảng viên dự bị / miễn sinh hoạt",
    "Điểm",
    "Xếp loại",
    "Căn cứ xếp loại",
)
COLUMN_WIDTHS = (6, 28, 26, 18, 8, 26, 48)
ROW_FIELDS = ("subject", "member_name", "cell_name", "probationary", "exempted", "score", "level")
LEVEL_NAMES = dict(RatingLevel.choices)


@dataclass
class RatingList:
    """What the export writes: the ratings of a round (already scoped), for
    one cell or the whole round, with its heading."""

    rating_round: object
    ratings: object
    heading: Heading
    signature: Signature
    filename_stem: str

    def rows(self):
        """(subject, name, cell, probationary, exempted, score, level, reason)
        in list order, from one query."""
        rows = self.ratings.annotate(
            member_name=Coalesce("member__person__full_name", "committee__name"),
            cell_name=F("cell__name"),
            name_key=Coalesce(
                "member__person__sort_key", "cell__sort_key", "committee__place__sort_key"
            ),
        )
        # Collectives (cells "chi_bo", commune committees "dang_uy") before
        # members ("dang_vien").
        rows = rows.order_by("subject", "name_key", "cell__sort_key", "pk")
        return rows.values_list(*ROW_FIELDS, "reason").iterator(chunk_size=2000)


def rating_list(rating_round, ratings, *, cell=None):
    """The list of `rating_round`: `ratings` (scoped by the caller) of `cell`
    when given, else of the whole round."""
    ratings = ratings.filter(round=rating_round)
    if cell is not None:
        ratings = ratings.filter(cell=cell)
    unit = cell.name if cell is not None else str(rating_round.place)
    body = cell.name if cell is not None else _("Đảng ủy %(place)s") % {"place": unit}
    heading = Heading(
        body=body.upper(),
        title=_("DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG"),
        lines=[
            _("%(round)s, từ ngày %(start)s đến ngày %(end)s")
            % {
                "round": rating_round.name,
                "start": f"{rating_round.start_date:%d/%m/%Y}",
                "end": f"{rating_round.end_date:%d/%m/%Y}",
            }
        ],
    )
    signature = Signature(
        on_behalf=_("T/M CHI ỦY") if cell is not None else _("T/M ĐẢNG ỦY"), post=_("BÍ THƯ")
    )
    stem = f"xep-loai-{slugify(fold(unit))}-{rating_round.end_date:%Y}"
    return RatingList(rating_round, ratings, heading, signature, stem)


def write_xlsx(rating_list, output):
    """Write the list to `output` (a path or a binary file); returns the
    number of ratings written."""
    workbook = new_workbook(output)
    sheet = workbook.add_worksheet(_("Xếp loại"))
    formats = DocumentFormats(workbook)
    header_row = write_heading(sheet, formats, rating_list.heading, len(HEADERS))
    setup_page(sheet, header_row, COLUMN_WIDTHS)
    write_header_row(sheet, formats, header_row, HEADERS)
    row, section, number, done = header_row + 1, None, 0, 0
    for subject, member, cell, probationary, exempted, score, level, reason in rating_list.rows():
        if subject != section:
            title = _("II. CÁ NHÂN") if subject == Subject.MEMBER else _("I. TẬP THỂ")
            merged_text(sheet, row, 0, len(HEADERS) - 1, title, formats.section)
            row, section, number = row + 1, subject, 0
        number += 1
        done += 1
        marks = ", ".join(
            mark for mark, on in ((_("Dự bị"), probationary), (_("Miễn sinh hoạt"), exempted)) if on
        )
        sheet.write_number(row, 0, number, formats.number)
        write_text(sheet, row, 1, member or cell, formats.text, formats.text_safe)
        write_text(sheet, row, 2, cell or "", formats.text, formats.text_safe)
        write_text(sheet, row, 3, marks, formats.text, formats.text_safe)
        sheet.write_number(row, 4, float(score), formats.number)
        write_text(sheet, row, 5, LEVEL_NAMES.get(level, level), formats.text, formats.text_safe)
        write_text(sheet, row, 6, reason, formats.text, formats.text_safe)
        row += 1
    write_signature(sheet, formats, row, rating_list.signature, len(HEADERS))
    workbook.close()
    return done


def export_list(rating_list, output, *, scope):
    """Write the list and record its download on the audit trail (one entry,
    with the row count), as the award lists do."""
    count = write_xlsx(rating_list, output)
    record_download(about=Rating, what=f"{rating_list.filename_stem}.xlsx", rows=count, scope=scope)
    return count
