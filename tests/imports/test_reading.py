"""Reading uploads: type by content, hostile files refused, cells parsed."""

import datetime
import io
import unicodedata
import zipfile

import pytest

from core.imports.reading import Column, ImportFailed, UploadError, read_table
from tests.imports.conftest import csv_bytes, xlsx_bytes

COLUMNS = [
    Column("full_name", "Họ và tên", required=True),
    Column("birth_date", "Ngày sinh"),
]


def _read(content, **kwargs):
    return read_table(io.BytesIO(content), COLUMNS, **kwargs)


def _rewrite_zip(content, replace=None, add=None):
    """A copy of the workbook `content` with parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = (replace or {}).get(entry.filename, source.read(entry))
            target.writestr(entry.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def test_it_matches_headers_whatever_their_case_and_normal_form():
    nfd_header = unicodedata.normalize("NFD", "HỌ VÀ TÊN")
    table = _read(xlsx_bytes([["STT", nfd_header, " ngày   sinh "], [1, "An", None]]))
    assert [row.text("full_name") for row in table.rows] == ["An"]


def test_it_finds_the_header_row_under_a_title_block():
    rows = [["DANH SÁCH CÁN BỘ THÔN"], [], ["Họ và tên", "Ngày sinh"], ["Lò Văn Un", None]]
    table = _read(xlsx_bytes(rows))
    assert table.rows[0].number == 4


def test_it_cleans_nfd_names_with_stray_spaces():
    name = "  " + unicodedata.normalize("NFD", "Nguyễn   Thị Hạnh") + " "
    table = _read(xlsx_bytes([["Họ và tên"], [name]]))
    assert table.rows[0].name("full_name") == "Nguyễn Thị Hạnh"


@pytest.mark.parametrize(
    "cell",
    [
        datetime.datetime(1980, 3, 5),
        datetime.date(1980, 3, 5),
        29285,  # Excel serial number
        "05/03/1980",
        "5/3/1980",
        "1980-03-05",
        "29285",
    ],
)
def test_it_reads_dates_as_excel_dates_serials_and_text(cell):
    table = _read(xlsx_bytes([["Họ và tên", "Ngày sinh"], ["An", cell]]))
    assert table.rows[0].date("birth_date") == datetime.date(1980, 3, 5)


def test_it_reports_a_bad_date_with_row_and_column():
    table = _read(
        xlsx_bytes([["Họ và tên", "Ngày sinh"], ["An", "1/1/1980"], ["Bình", "31/02/1980"]])
    )
    for row in table.rows:
        row.date("birth_date")
    with pytest.raises(ImportFailed) as failure:
        table.raise_errors()
    [error] = failure.value.errors
    assert (error.row, error.column) == (3, "Ngày sinh")
    assert "31/02/1980" in str(error) and "Dòng 3" in str(error)


def test_it_reads_a_utf8_csv_with_or_without_bom():
    rows = [["Họ và tên", "Ngày sinh"], ["Đức Thuận", "01/02/1990"]]
    for encoding in ("utf-8", "utf-8-sig"):
        table = _read(csv_bytes(rows, encoding))
        assert table.rows[0].text("full_name") == "Đức Thuận"


def test_it_reads_a_semicolon_separated_csv():
    table = _read("Họ và tên;Ngày sinh\nAn;01/02/1990\n".encode())
    assert table.rows[0].date("birth_date") == datetime.date(1990, 2, 1)


def test_it_rejects_a_csv_in_a_legacy_encoding():
    # "Họ và tên / Nguyễn Thị Hạnh" as TCVN3 (.VnTime) bytes.
    content = "Hä vµ tªn\nNguyÔn ThÞ H¹nh\n".encode("latin-1")
    with pytest.raises(UploadError, match="UTF-8"):
        _read(content)


def test_it_flags_names_typed_in_a_legacy_font():
    table = _read(xlsx_bytes([["Họ và tên"], ["NguyÔn ThÞ H¹nh"]]))
    table.rows[0].name("full_name")
    assert "TCVN3" in table.errors[0].message


def test_it_rejects_a_renamed_binary():
    with pytest.raises(UploadError, match="không phải bảng tính"):
        _read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))


def test_it_rejects_an_old_xls_workbook():
    with pytest.raises(UploadError, match=".xls"):
        _read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))


def test_it_rejects_a_macro_workbook():
    content = _rewrite_zip(xlsx_bytes([["Họ và tên"]]), add={"xl/vbaProject.bin": b"\x00" * 100})
    with pytest.raises(UploadError, match="macro"):
        _read(content)


def test_it_rejects_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    with pytest.raises(UploadError, match="không phải bảng tính Excel"):
        _read(buffer.getvalue())


def _with_padding(content, megabytes):
    """`content` plus a part of `megabytes` MB of blanks, written in chunks."""
    buffer = io.BytesIO(content)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.xml", "w", force_zip64=True) as part,
    ):
        for _chunk in range(megabytes):
            part.write(b" " * 1024 * 1024)
    return buffer.getvalue()


def test_it_rejects_a_zip_bomb_before_parsing(monkeypatch):
    # About 200 KB on disk, 200 MB once inflated.
    content = _with_padding(xlsx_bytes([["Họ và tên"]]), 200)
    assert len(content) < 400 * 1024

    def _never_parse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr("openpyxl.load_workbook", _never_parse)
    with pytest.raises(UploadError, match="giải nén vượt quá"):
        _read(content)


def test_it_rejects_a_highly_compressed_part_below_the_size_limit():
    content = _with_padding(xlsx_bytes([["Họ và tên"]]), 20)
    with pytest.raises(UploadError, match="bom nén"):
        _read(content)


def _billion_laughs_workbook():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return _rewrite_zip(xlsx_bytes([["Họ và tên"]]), replace={"xl/worksheets/sheet1.xml": laughs})


def test_it_rejects_a_billion_laughs_entity_in_the_sheet_xml():
    with pytest.raises(UploadError, match="không an toàn"):
        _read(_billion_laughs_workbook())


def test_defusedxml_refuses_the_entity_even_without_the_doctype_check(monkeypatch):
    monkeypatch.setattr("core.imports.reading._refuse_doctypes", lambda archive, entries: None)
    with pytest.raises(UploadError, match="Không đọc được tệp Excel"):
        _read(_billion_laughs_workbook())


def test_openpyxl_parses_xml_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_it_rejects_a_file_over_the_size_cap():
    with pytest.raises(UploadError, match="giới hạn"):
        _read(xlsx_bytes([["Họ và tên"], ["An"]]), max_bytes=1000)


def test_it_rejects_rows_over_the_cap_with_a_clear_message():
    rows = [["Họ và tên"]] + [[f"Người {n}"] for n in range(11)]
    with pytest.raises(UploadError, match="hơn 10 dòng"):
        _read(xlsx_bytes(rows), max_rows=10)


def test_it_names_the_missing_required_column():
    with pytest.raises(UploadError, match="Họ và tên"):
        _read(xlsx_bytes([["Tên"], ["An"]]))


def test_it_restores_the_leading_zero_of_a_citizen_id_typed_as_a_number():
    columns = [Column("citizen_id", "Số CCCD", required=True)]
    table = read_table(xlsx_bytes([["Số CCCD"], [38090012345]]), columns)
    assert table.rows[0].digits("citizen_id", 12, "Số CCCD") == "038090012345"
