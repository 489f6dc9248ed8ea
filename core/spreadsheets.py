"""Writing spreadsheets safely: the one module every export goes through.

Two dangers, two rules:

* **Formula injection** (OWASP "CSV injection"). A name typed as
  ``=HYPERLINK("http://x","y")``, ``+cmd``, ``-1+1`` or ``@SUM(A1)`` must never
  run on an official's computer.
  - XLSX: every text cell is written with XlsxWriter's ``write_string`` (a
    shared/inline *string* cell, which Excel and LibreOffice never evaluate),
    never with the generic ``write()``, which turns text starting with "=" into a
    formula. Text that would look like a formula also gets the cell's
    ``quote_prefix`` variant, so even re-typing the cell in Excel keeps it text.
  - CSV has no cell types, so text starting with =, +, -, @, a tab or a
    carriage return is prefixed with a single quote, as OWASP recommends.
    Numbers and dates are written as such (a negative *number* stays a number).
* **Broken files.** Characters that XML 1.0 forbids (control characters other
  than tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates) make
  Excel refuse the whole workbook; they are dropped from every text cell.
  CSV is UTF-8 with a byte-order mark, so Excel reads the diacritics.

Use ``write_text`` for XLSX text cells and ``write_csv_row`` (after
``start_csv``) for CSV rows.
"""

import csv
import datetime
import re
import unicodedata

# Leading characters that make a spreadsheet treat text as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Everything XML 1.0 does not allow in a document, tab/newline/CR excepted.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
UTF8_BOM = "\ufeff"


def clean_cell_text(value):
    """Text fit for a cell: NFC, without characters XML forbids."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    # Every character XML forbids is non-printable: most text skips the regex.
    return text if text.isprintable() else _XML_ILLEGAL.sub("", text)


def looks_like_formula(text):
    return text.startswith(FORMULA_TRIGGERS)


def write_text(worksheet, row, col, value, cell_format=None, formula_safe_format=None):
    """Write `value` as a text cell of an XlsxWriter worksheet, never a formula.

    `formula_safe_format` is the same format with ``quote_prefix`` set, used
    for text that starts like a formula (see `quote_prefixed`); without it the
    cell is still a plain string cell and cannot be evaluated.
    """
    text = clean_cell_text(value)
    if formula_safe_format is not None and looks_like_formula(text):
        cell_format = formula_safe_format
    return worksheet.write_string(row, col, text, cell_format)


def quote_prefixed(workbook, properties=None):
    """A (format, quote-prefixed twin) pair for `write_text`."""
    properties = dict(properties or {})
    return workbook.add_format(properties), workbook.add_format(
        {**properties, "quote_prefix": True}
    )


def csv_cell(value):
    """One CSV field: text neutralised against formulas, numbers and dates as such."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    text = clean_cell_text(value)
    return "'" + text if looks_like_formula(text) else text


def start_csv(stream):
    """A csv writer on a text `stream`, the UTF-8 byte-order mark written first.

    Open files with ``newline=""`` and ``encoding="utf-8"``.
    """
    stream.write(UTF8_BOM)
    return csv.writer(stream, lineterminator="\r\n")


def write_csv_row(writer, values):
    """Write one row of a CSV export, every field through `csv_cell`."""
    writer.writerow([csv_cell(value) for value in values])
