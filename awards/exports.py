"""The award list: the printed, filed output of a decision (or of an area over
a period), as .xlsx in the official layout or as .csv.

Layout: a title block (issuing body, the list's title with the form, the
decision number and date dd/mm/yyyy, the occasion), a header row
STT | Họ và tên | Chức vụ | Đơn vị | Thành tích, then the collectives and the
individuals in two sections numbered from 1 each, grouped by commune (a
heading row) and hamlet, names in Vietnamese order. A4 landscape, fitted to
the page width, header row repeated on every printed page, Times New Roman.

Rows come straight from the database in list order (`values_list().iterator()`)
into XlsxWriter in constant-memory mode: a list costs the same few queries and
about the same memory whatever its length. Every text cell goes through
`core.spreadsheets`, so a hostile name is never a formula.
"""

import contextlib
import datetime
import io
import os
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.documents import (
    DocumentFormats,
    Heading,
    fit_row,
    merged_text,
    new_workbook,
    setup_page,
    write_header_row,
    write_heading,
)
from core.exports import record_download
from core.spreadsheets import start_csv, write_csv_row, write_text
from core.vietnamese import fold

from .models import Award, Decision

HEADERS = ("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành tích")
COLUMN_WIDTHS = (6, 28, 42, 32, 46)
# What each row of the list reads from the database, in this order.
ROW_FIELDS = (
    "is_collective",
    "commune_name",
    "recipient_name",
    "post_title",
    "unit_name",
    "achievement",
)
PROGRESS_EVERY = 1000


class ListHeading(Heading):
    """The title block: who issued it, what it is, under which decision."""

    @classmethod
    def for_decision(cls, decision):
        lines = [
            _("(Kèm theo Quyết định số %(number)s ngày %(date)s của %(body)s)")
            % {
                "number": decision.number,
                "date": f"{decision.date:%d/%m/%Y}",
                "body": decision.body.name,
            }
        ]
        if decision.occasion:
            lines.append(_("Dịp: %(occasion)s") % {"occasion": decision.occasion.title})
        title = _("DANH SÁCH ĐƯỢC TẶNG %(form)s") % {"form": decision.form.name.upper()}
        return cls(body=decision.body.name.upper(), title=title, lines=lines)


@dataclass
class AwardList:
    """What an export writes: a heading and the awards (already scoped)."""

    heading: ListHeading
    awards: object
    filename_stem: str

    def rows(self):
        """Tuples of ROW_FIELDS in list order, streamed from one query."""
        return self.awards.in_list_order().values_list(*ROW_FIELDS).iterator(chunk_size=2000)

    def count(self):
        return self.awards.count()


def decision_list(decision, user=None):
    """The list of `decision`: every award, or those in `user`'s scope."""
    awards = Award.objects.filter(decision=decision)
    if user is not None:
        awards = awards.in_scope(user)
    stem = "danh-sach-" + slugify(fold(decision.number).replace("/", "-"))
    return AwardList(ListHeading.for_decision(decision), awards, stem)


def area_list(place, start, end, user=None, title=None):
    """Every award granted under `place` by decisions dated from `start` to
    `end` (e.g. a province over a term), in `user`'s scope when given."""
    awards = Award.objects.within(place).dated_between(start, end)
    if user is not None:
        awards = awards.in_scope(user)
    heading = ListHeading(
        body=str(place).upper(),
        title=title or _("DANH SÁCH KHEN THƯỞNG"),
        lines=[
            _("Từ ngày %(start)s đến ngày %(end)s")
            % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
        ],
    )
    stem = f"khen-thuong-{slugify(fold(place.name))}-{start:%Y%m%d}-{end:%Y%m%d}"
    return AwardList(heading, awards, stem)


def list_from_params(params, user=None):
    """An AwardList from an export job's parameters (ids and dates only)."""
    from cells.models import Place

    if "decision" in params:
        decision = Decision.objects.select_related("body", "occasion", "form").get(
            pk=params["decision"]
        )
        return decision_list(decision, user)
    place = Place.objects.get(pk=params["place"])
    start = datetime.date.fromisoformat(params["start"])
    end = datetime.date.fromisoformat(params["end"])
    return area_list(place, start, end, user)


class _ListWriter:
    """Writes rows in list order, opening sections and commune groups."""

    def __init__(self, sheet, formats, row):
        self.sheet, self.formats, self.row = sheet, formats, row
        self.section, self.commune, self.number = None, None, 0

    def write(self, is_collective, commune, name, post, unit, achievement):
        if is_collective != self.section:
            self._heading(
                _("A. TẬP THỂ") if is_collective else _("B. CÁ NHÂN"), self.formats.section
            )
            self.section, self.commune, self.number = is_collective, None, 0
        if commune and commune != self.commune:
            self._heading(commune, self.formats.group)
            self.commune = commune
        self.number += 1
        sheet, formats, row = self.sheet, self.formats, self.row
        fit_row(sheet, row, zip((name, post, unit, achievement), COLUMN_WIDTHS[1:], strict=True))
        text, safe = formats.text, formats.text_safe
        sheet.write_number(row, 0, self.number, formats.number)
        write_text(sheet, row, 1, name, text, safe)
        write_text(sheet, row, 2, post, text, safe)
        write_text(sheet, row, 3, unit, text, safe)
        write_text(sheet, row, 4, achievement, text, safe)
        self.row += 1

    def _heading(self, text, cell_format):
        merged_text(self.sheet, self.row, 0, len(HEADERS) - 1, text, cell_format)
        self.row += 1


def write_xlsx(award_list, output, *, rows=None, progress=None):
    """Write `award_list` (or the given `rows`) to `output` (a path or a
    binary file) as .xlsx; call `progress(rows_done)` every 1,000 rows.
    Returns the number of rows written."""
    workbook = new_workbook(output)
    sheet = workbook.add_worksheet(_("Danh sách"))
    formats = DocumentFormats(workbook)
    header_row = write_heading(sheet, formats, award_list.heading, len(HEADERS))
    setup_page(sheet, header_row, COLUMN_WIDTHS)
    write_header_row(sheet, formats, header_row, HEADERS)
    writer = _ListWriter(sheet, formats, header_row + 1)
    done = 0
    for done, row in enumerate(rows if rows is not None else award_list.rows(), start=1):
        writer.write(*row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    workbook.close()
    return done


def write_csv(award_list, stream, *, rows=None, progress=None):
    """Write `award_list` to a text `stream` (opened with newline="") as CSV,
    UTF-8 with BOM: one header row, then a row per award with its section.
    Returns the number of rows written."""
    writer = start_csv(stream)
    write_csv_row(writer, (_("Phần"), *HEADERS, _("Xã")))
    numbers = {True: 0, False: 0}
    done = 0
    for done, (is_collective, commune, name, post, unit, achievement) in enumerate(
        rows if rows is not None else award_list.rows(), start=1
    ):
        numbers[is_collective] += 1
        section = _("Tập thể") if is_collective else _("Cá nhân")
        write_csv_row(
            writer, (section, numbers[is_collective], name, post, unit, achievement, commune)
        )
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    return done


def write_list(award_list, output, file_format, *, rows=None, progress=None):
    """Write `award_list` (or the given `rows`) to `output`, a path or a binary
    file, as `file_format` ("xlsx" or "csv", see core.exports.format_of).
    Returns the number of rows written. Nothing is recorded: a file that
    leaves the portal at once goes through `export_list`, a stored one is
    recorded when `core.files.serve_file` hands it out."""
    if file_format == "xlsx":
        return write_xlsx(award_list, output, rows=rows, progress=progress)
    with _text_stream(output) as stream:
        return write_csv(award_list, stream, rows=rows, progress=progress)


def export_list(award_list, output, file_format, *, scope, rows=None, what=None):
    """Write the list as `write_list` does and record its export on the audit
    trail (one entry, with the row count): the page and the commands."""
    count = write_list(award_list, output, file_format, rows=rows)
    record_download(
        about=Award,
        what=what or f"{award_list.filename_stem}.{file_format}",
        rows=count,
        scope=scope,
    )
    return count


@contextlib.contextmanager
def _text_stream(output):
    """A UTF-8 text stream (newline="") on a path or on a binary file; a
    binary file is left open for its owner (a response, storage)."""
    if isinstance(output, str | os.PathLike):
        with open(output, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    stream = io.TextIOWrapper(output, encoding="utf-8", newline="")
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()
