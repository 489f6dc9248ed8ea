"""Lists in the party's document format (HD 36-HD/VPTW, Annex 3), as
XlsxWriter sheets: the one implementation of the header block, the page
set-up and the signature block, shared by every printed list (the award
list in awards/exports.py, the rating list in ratings/exports.py).

Layout: the issuing body top left and "ĐẢNG CỘNG SẢN VIỆT NAM" top right,
the list's title in capitals, its lines (the decision it is annexed to, the
period) in italics, a blank row, then the header row the caller writes; after
the rows, the signature block on the right ("T/M ...", the post, room to sign,
the name). A4 landscape, one page wide, header row repeated on every page,
Times New Roman. Every text goes through core.spreadsheets: never a formula.

Sheets are written in constant-memory mode (rows once, in order), so every
format is created before the first row (`DocumentFormats`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .spreadsheets import quote_prefixed, write_text

FONT = {"font_name": "Times New Roman", "font_size": 12}
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
A4 = 9  # XlsxWriter's paper code
SIGNATURE_SPACE = 4  # blank rows to sign in


@dataclass
class Heading:
    """The header block: who issued it, what it is, its lines below the title."""

    body: str
    title: str
    lines: list = field(default_factory=list)


@dataclass
class Signature:
    """The signature block: on whose behalf ("T/M ĐẢNG ỦY"), the signer's post
    ("BÍ THƯ") and name (blank: written by hand)."""

    on_behalf: str
    post: str
    name: str = ""


class DocumentFormats:
    """The formats of a list in the document format; a caller's own list
    formats are added to the same object before the first row."""

    def __init__(self, workbook):
        add = workbook.add_format
        self.body = add({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
        self.party = add({"bold": True, "underline": True, "align": "center"})
        self.title = add({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.line = add({"italic": True, "align": "center", "text_wrap": True})
        self.header = add(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "bg_color": "#E7E6E6",
            }
        )
        self.section = add({"bold": True, "border": 1, "valign": "vcenter"})
        self.group = add({"bold": True, "italic": True, "border": 1, "valign": "vcenter"})
        self.number = add({"border": 1, "align": "center", "valign": "top"})
        self.text, self.text_safe = quote_prefixed(
            workbook, {"border": 1, "valign": "top", "text_wrap": True}
        )
        self.signing = add({"bold": True, "align": "center"})
        self.signer = add({"bold": True, "align": "center"})


def new_workbook(output):
    """An XlsxWriter workbook in constant memory, Times New Roman throughout."""
    import xlsxwriter

    return xlsxwriter.Workbook(output, {"constant_memory": True, "default_format_properties": FONT})


def setup_page(sheet, header_row, widths):
    """A4 landscape, one page wide, the header row on every printed page."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as needed
    sheet.center_horizontally()
    sheet.set_footer("&C&P/&N")
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)


def place_and_date(place, day):
    """The place-and-date line of a party document: "Quan Sơn, ngày 05 tháng
    02 năm 2026" — the day in two digits, the month too when it is January or
    February (so "tháng 1" cannot become "tháng 11" by hand)."""
    if day is None:
        return _("%(place)s, ngày … tháng … năm …") % {"place": place}
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


# Height of one line of Times New Roman 12 in points, and how many characters
# a column of width w (Excel's unit) holds on one line.
LINE_HEIGHT = 16
CHARACTERS_PER_WIDTH = 1.1


def fit_row(sheet, row, cells):
    """Give `row` the height its longest wrapped text needs: neither Excel
    nor Calc grows a wrapped row on opening a file written in constant
    memory, so a long text would spill over the next row. `cells` are
    (text, column width) pairs."""
    lines = 1 + max(
        (len(str(text)) // max(int(width * CHARACTERS_PER_WIDTH), 1) for text, width in cells),
        default=0,
    )
    if lines > 1:
        sheet.set_row(row, LINE_HEIGHT * lines)


def merged_text(sheet, row, first_col, last_col, text, cell_format):
    # merge_range() writes its text through the generic write(), which would
    # turn "=..." into a formula: merge empty, then write the text as a string.
    sheet.merge_range(row, first_col, row, last_col, "", cell_format)
    write_text(sheet, row, first_col, text, cell_format)


def write_heading(sheet, formats, heading, columns):
    """The header block over `columns` columns; returns the header row's index.
    The issuing body on the left, the Party's name on the right, as on
    official Party documents."""
    last = columns - 1
    split = (columns + 1) // 2
    merged_text(sheet, 0, 0, split - 1, heading.body, formats.body)
    merged_text(sheet, 0, split, last, PARTY, formats.party)
    sheet.set_row(2, 24)
    merged_text(sheet, 2, 0, last, heading.title, formats.title)
    row = 3
    for line in heading.lines:
        sheet.set_row(row, 30)
        merged_text(sheet, row, 0, last, line, formats.line)
        row += 1
    return row + 1  # a blank row before the header


def write_header_row(sheet, formats, row, headers):
    for column, header in enumerate(headers):
        write_text(sheet, row, column, header, formats.header)


def write_signature(sheet, formats, row, signature, columns):
    """The signature block on the right half, from `row` (a blank row first);
    returns the row after it."""
    first, last = columns // 2, columns - 1
    row += 1
    merged_text(sheet, row, first, last, signature.on_behalf, formats.signing)
    merged_text(sheet, row + 1, first, last, signature.post, formats.signing)
    row += 2 + SIGNATURE_SPACE
    merged_text(sheet, row, first, last, signature.name, formats.signer)
    return row + 1
