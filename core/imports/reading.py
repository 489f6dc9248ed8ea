"""Reading an uploaded spreadsheet safely, then its rows cell by cell.

Every import in the portal goes through `read_table(upload, columns)`:

1. The upload is refused past `settings.PORTAL_MAX_UPLOAD_BYTES`.
2. Its type is decided by content, never by name: a zip that is an .xlsx
   workbook, or UTF-8 text (with or without BOM) read as CSV. Macro workbooks
   (.xlsm), old .xls, other zips, binaries and legacy encodings (TCVN3, VNI,
   Windows-1258) get a Vietnamese sentence saying what to do instead.
3. An .xlsx is checked as a zip *before* any XML is parsed: number of entries,
   total uncompressed size and compression ratio, all from the central
   directory. Python's zipfile never inflates past an entry's declared size,
   so the declared sizes are the real bound. XML is then parsed by openpyxl,
   which uses defusedxml when it is installed (it is a dependency); on top of
   that a DOCTYPE in any XML part is refused outright, so entity expansion
   (billion laughs) never starts.
4. Rows are streamed with openpyxl `read_only=True` and capped at
   `settings.PORTAL_MAX_IMPORT_ROWS`.
5. Headers are matched after `clean_text` + `fold`, so "HỌ VÀ TÊN", "Họ và
   tên" and its NFD form are the same column; the header row may sit under a
   title block.

Cell parsers live on `Row`: they return Python values and record a
`RowError(row, column, message)` on the table instead of raising, so one pass
reports every bad cell at once; `Table.raise_errors()` then stops the import.
"""

import csv
import datetime
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from core.vietnamese import clean_text, fold

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: Office 97-2003
# A one-sheet workbook has about a dozen parts; hundreds means something else.
MAX_ZIP_ENTRIES = 500
# Spreadsheet XML compresses 5-30 times; a deflate bomb reaches about 1000.
MAX_COMPRESSION_RATIO = 150
# Small parts (styles, an empty sheet) may compress far better; only parts
# larger than this are held to the ratio.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# How far into each XML part to look for a DOCTYPE (it must precede the root).
XML_PROLOGUE_BYTES = 4096
# A title block above the header row is common in official sheets.
HEADER_SEARCH_ROWS = 20
CSV_DELIMITERS = ",;\t"


class UploadError(Exception):
    """The file as a whole cannot be read: wrong type, too big, hostile."""


@dataclass(frozen=True, order=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """At least one row is bad; `errors` lists all of them, in sheet order."""

    def __init__(self, errors):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors[:20]))


@dataclass(frozen=True)
class Column:
    """A column an import understands: `key` in code, `header` as users write it."""

    key: str
    header: str
    required: bool = False
    aliases: tuple = ()

    def matches(self, folded_header):
        return folded_header in {fold(name) for name in (self.header, *self.aliases)}


@dataclass
class Table:
    """The rows of an upload under known columns, and the errors found so far."""

    columns: list
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def header(self, key):
        return next(column.header for column in self.columns if column.key == key)

    def add_error(self, row_number, key, message):
        self.errors.append(RowError(row_number, self.header(key), str(message)))

    def raise_errors(self):
        if self.errors:
            raise ImportFailed(self.errors)


class Row:
    """One data row: raw cell values by column key, and parsers that record
    errors on the table rather than raising."""

    __slots__ = ("number", "values", "table")

    def __init__(self, number, values, table):
        self.number = number
        self.values = values
        self.table = table

    def error(self, key, message):
        self.table.add_error(self.number, key, message)

    def raw(self, key):
        return self.values.get(key)

    def is_blank(self, key):
        return _is_blank(self.values.get(key))

    def text(self, key, required=False, max_length=None):
        """Cell as clean text (NFC, single spaces); numbers lose a spurious '.0'."""
        value = clean_text(_number_as_text(self.values.get(key)))
        if required and not value:
            self.error(key, _("Không được để trống."))
        elif max_length and len(value) > max_length:
            self.error(key, _("Dài quá %(n)s ký tự.") % {"n": max_length})
            return ""
        return value

    def name(self, key, required=True):
        """A person's name: clean text made only of letters, spaces and - ' ."""
        value = self.text(key, required=required, max_length=120)
        if value and not all(_is_name_word(word) for word in value.split(" ")):
            self.error(
                key,
                _("“%(value)s” chứa ký tự không phải chữ (tệp gõ bằng phông TCVN3/VNI?).")
                % {"value": value},
            )
            return ""
        return value

    def date(self, key, required=False):
        """An Excel date, an Excel serial number or dd/mm/yyyy text (also
        d/m/yyyy and yyyy-mm-dd); None when blank."""
        value = self.values.get(key)
        if _is_blank(value):
            if required:
                self.error(key, _("Không được để trống."))
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(
                key,
                _("“%(value)s” không phải ngày hợp lệ (ghi theo dd/mm/yyyy).")
                % {"value": clean_text(value)},
            )
        return parsed

    def choice(self, key, choices, required=False, normalize=fold):
        """The value of `choices` (a dict keyed by `normalize`d labels, folded
        by default) the cell names."""
        text = self.text(key, required=required)
        if not text:
            return None
        value = choices.get(normalize(text))
        if value is None:
            self.error(key, _("Không hiểu giá trị “%(value)s”.") % {"value": text})
        return value

    def digits(self, key, length, label):
        """A code of exactly `length` digits (CCCD); leading zeros typed as a
        number in Excel are put back."""
        value = self.values.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value)).zfill(length) if float(value).is_integer() else str(value)
        text = clean_text(value).replace(" ", "")
        if text and not (text.isdigit() and len(text) == length):
            self.error(
                key,
                _("%(label)s phải gồm đúng %(n)s chữ số, không phải “%(value)s”.")
                % {"label": label, "n": length, "value": text},
            )
            return ""
        return text


_NAME_WORD = re.compile(r"^[a-z][a-z.'\-]*$")


@functools.lru_cache(maxsize=8192)
def _is_name_word(word):
    """Whether `word` is made of (Vietnamese) letters; family and middle
    names repeat so much that a cache pays."""
    return bool(_NAME_WORD.match(fold(word)))


_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap bug


def parse_date(value):
    """A date from what spreadsheets hold, or None when it is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = clean_text(value)
    if _SERIAL.match(text):  # a serial number exported to CSV
        return _from_serial(float(text))
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _DATE_YMD.match(text)
        if not match:
            return None
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _from_serial(number):
    # Serials below 61 sit before Excel's fictitious 29/02/1900; no record is that old.
    if not 61 <= number < 2958466:
        return None
    return _EXCEL_EPOCH + datetime.timedelta(days=int(number))


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _number_as_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


# --- the file as a whole -------------------------------------------------------


def read_table(upload, columns, *, max_rows=None, max_bytes=None):
    """Read `upload` (an uploaded file, a binary file object or bytes) into a
    `Table` of `Row`s under `columns`. Raises UploadError for a bad file."""
    max_bytes = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    max_rows = max_rows or settings.PORTAL_MAX_IMPORT_ROWS
    content = _read_bounded(upload, max_bytes)
    if not content.strip():
        raise UploadError(_("Tệp rỗng."))
    if content.startswith(ZIP_MAGIC):
        raw_rows = _xlsx_rows(content, max_bytes)
    elif content.startswith(OLE_MAGIC):
        raise UploadError(
            _("Tệp Excel 97-2003 (.xls) không được nhận: hãy lưu lại dưới dạng .xlsx.")
        )
    else:
        raw_rows = _csv_rows(content)
    return _build_table(raw_rows, columns, max_rows)


def _read_bounded(upload, max_bytes):
    if isinstance(upload, bytes | bytearray):
        content = bytes(upload)
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise UploadError(
            _("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": round(max_bytes / 1024 / 1024, 1)}
        )
    return content


def _max_unzipped_bytes(max_bytes):
    return getattr(settings, "PORTAL_MAX_UNZIPPED_BYTES", 10 * max_bytes)


def check_xlsx_archive(archive, max_bytes):
    """Refuse an .xlsx whose zip is hostile or is not a plain workbook,
    looking only at the central directory and the XML prologues."""
    entries = archive.infolist()
    names = {entry.filename for entry in entries}
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadError(
            _("Tệp nén chứa quá nhiều thành phần, không phải bảng tính thông thường.")
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadError(_("Tệp không phải bảng tính Excel .xlsx (có thể là tệp nén khác)."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UploadError(
            _("Tệp Excel có macro (.xlsm) không được nhận: hãy lưu lại dưới dạng .xlsx.")
        )
    limit = _max_unzipped_bytes(max_bytes)
    if sum(entry.file_size for entry in entries) > limit:
        raise UploadError(
            _("Tệp giải nén vượt quá %(mb)s MB: không đọc.") % {"mb": round(limit / 1024 / 1024)}
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise UploadError(_("Tệp có tỷ lệ nén bất thường (nghi là bom nén): không đọc."))
    _refuse_doctypes(archive, entries)


def _refuse_doctypes(archive, entries):
    content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types:
        raise UploadError(
            _("Tệp Excel có macro (.xlsm) không được nhận: hãy lưu lại dưới dạng .xlsx.")
        )
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(entry) as part:
            prologue = part.read(XML_PROLOGUE_BYTES)
        if b"<!DOCTYPE" in prologue or b"<!ENTITY" in prologue:
            raise UploadError(_("Tệp chứa khai báo XML không an toàn (DOCTYPE/ENTITY): không đọc."))


def _xlsx_rows(content, max_bytes):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        check_xlsx_archive(archive, max_bytes)
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UploadError:
        raise
    except Exception as error:  # corrupt zip, defusedxml refusal, broken parts
        raise UploadError(_("Không đọc được tệp Excel: tệp hỏng hoặc không hợp lệ.")) from error
    return _workbook_rows(workbook)


def _workbook_rows(workbook):
    try:
        sheet = workbook.worksheets[0]
        # Some tools write a wrong <dimension>; without a reset, read-only
        # mode would silently drop the rows past it.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except Exception as error:
        raise UploadError(_("Không đọc được tệp Excel: tệp hỏng hoặc không hợp lệ.")) from error
    finally:
        workbook.close()


def _csv_rows(content):
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError(
            _("Tệp văn bản UTF-16 (Unicode Text) không được nhận: hãy lưu dạng “CSV UTF-8”.")
        )
    if b"\x00" in content[:65536]:
        raise UploadError(_("Tệp không phải bảng tính .xlsx hay tệp CSV."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(
            _(
                "Tệp CSV không dùng mã UTF-8 (có thể là TCVN3, VNI hoặc Windows-1258): "
                "hãy mở bằng Excel và lưu lại dưới dạng “CSV UTF-8” hoặc .xlsx."
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    return _csv_records(text, delimiter)


class CsvRecordError(Exception):
    """Record `number` of a CSV cannot be read; `column` is the index of the
    over-long cell when that is why (csv.field_size_limit, 131,072 characters)."""

    def __init__(self, number, column, reason):
        super().__init__(reason)
        self.number, self.column, self.reason = number, column, reason


def _csv_records(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        first_line = reader.line_num
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            column = _overlong_cell(text, first_line, delimiter)
            raise CsvRecordError(number + 1, column, str(error)) from None
        number += 1
        yield record


def _overlong_cell(text, first_line, delimiter):
    """Index of the first cell past csv's field size limit in the record
    starting on line `first_line` (0-based), or None. Only run once, on the
    error: the csv module does not say which cell it stopped at."""
    lines = io.StringIO(text, newline="")
    for _skipped in range(first_line):
        lines.readline()
    index, length, quoted, limit = 0, 0, False, csv.field_size_limit()
    for char in lines.read():
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            index, length = index + 1, 0
        elif char in "\r\n" and not quoted:
            return None
        else:
            length += 1
            if length > limit:
                return index
    return None


def _build_table(raw_rows, columns, max_rows):
    table = Table(columns=columns)
    positions = None
    try:
        for number, cells in enumerate(raw_rows, start=1):
            if positions is None:
                positions = _match_header(cells, columns)
                if positions is None and number >= HEADER_SEARCH_ROWS:
                    break
                continue
            if all(_is_blank(cell) for cell in cells):
                continue
            if len(table.rows) >= max_rows:
                raise UploadError(
                    _("Tệp có hơn %(max)s dòng dữ liệu: hãy chia thành nhiều tệp.")
                    % {"max": max_rows}
                )
            values = {key: cells[index] for key, index in positions.items() if index < len(cells)}
            table.rows.append(Row(number, values, table))
    except CsvRecordError as error:
        raise UploadError(_record_error_message(error, columns, positions or {})) from None
    if positions is None:
        headers = ", ".join(f"“{column.header}”" for column in columns if column.required)
        raise UploadError(
            _("Không tìm thấy dòng tiêu đề có các cột %(headers)s.") % {"headers": headers}
        )
    return table


def _record_error_message(error, columns, positions):
    if error.column is None:
        return _("Dòng %(row)s: không đọc được tệp CSV (%(reason)s).") % {
            "row": error.number,
            "reason": error.reason,
        }
    keys = {index: key for key, index in positions.items()}
    if error.column in keys:
        column = next(column.header for column in columns if column.key == keys[error.column])
    else:
        column = _("thứ %(n)s") % {"n": error.column + 1}
    return _("Dòng %(row)s, cột “%(column)s”: ô dài quá %(limit)s ký tự, không đọc tệp.") % {
        "row": error.number,
        "column": column,
        "limit": f"{csv.field_size_limit():,}".replace(",", "."),
    }


def _match_header(cells, columns):
    """{column key: cell index} when `cells` is the header row, else None."""
    folded = [fold(cell) if isinstance(cell, str) else "" for cell in cells]
    positions = {}
    for column in columns:
        index = next((i for i, header in enumerate(folded) if column.matches(header)), None)
        if index is not None:
            positions[column.key] = index
        elif column.required:
            return None
    return positions
