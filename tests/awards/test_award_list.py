"""The award list as .xlsx and .csv, read back the way a user's Excel sees it."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command

from awards.entry import add_cells
from awards.exports import HEADERS, decision_list, write_csv, write_xlsx
from awards.models import Award
from tests import factories

# Vietnamese order written by hand (given name first; a < ă < â, d < đ,
# o < ô < ơ; tones only break ties of letters: An < Anh < Ánh < Ân), not
# computed by the code under test.
NAMES_IN_ORDER = [
    "Nguyễn Văn An",
    "Lê Văn Anh",
    "Trần Thị Ánh",
    "Đỗ Văn Ân",
    "Bùi Văn Dũng",
    "Đặng Văn Dũng",
    "Hoàng Văn Dũng",
    "Vũ Thị Đào",
    "Hà Thị Oanh",
    "Lò Văn Ôn",
    "Lục Văn Ơn",
]
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-1+1",
    "@SUM(A1)",
    "\tTab Đầu",
    "\rVề Đầu",
]


@pytest.fixture
def full_decision(decision, hamlet_a, hamlet_b, cell_a, cell_b):
    add_cells(decision=decision, place=cell_a.committee.place)
    add_cells(decision=decision, place=cell_b.committee.place)
    for name in reversed(NAMES_IN_ORDER):
        person = factories.PersonFactory(full_name=name, place=hamlet_a)
        Award.objects.create(decision=decision, person=person, achievement="Hoàn thành xuất sắc")
    for name in HOSTILE:
        person = factories.PersonFactory(full_name="Hostile", place=hamlet_b)
        Award.objects.create(
            decision=decision,
            person=person,
            recipient_name=name,
            post_title=name,
            achievement="=1+1",
        )
    return decision


def _workbook(award_list):
    buffer = io.BytesIO()
    write_xlsx(award_list, buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def _rows(sheet):
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _header_index(rows):
    return next(index for index, row in enumerate(rows) if row[: len(HEADERS)] == HEADERS)


def test_the_title_block_names_body_decision_date_occasion_and_form(full_decision):
    rows = _rows(_workbook(decision_list(full_decision)).active)
    title_text = " ".join(str(value) for row in rows[:6] for value in row if value)
    assert rows[0][0] == "BAN THƯỜNG VỤ HUYỆN ỦY QUAN SƠN"
    assert "DANH SÁCH ĐƯỢC TẶNG GIẤY KHEN" in title_text
    assert "Quyết định số 1125-QĐ/HU ngày 05/05/2022" in title_text
    assert "Kỷ niệm 92 năm Ngày thành lập Đảng" in title_text


def test_collectives_come_first_then_individuals_each_numbered_from_one(full_decision):
    rows = _rows(_workbook(decision_list(full_decision)).active)
    body = rows[_header_index(rows) + 1 :]
    labels = [row[0] for row in body if isinstance(row[0], str)]
    assert labels == ["A. TẬP THỂ", "Thị trấn Sơn Lư", "Xã Trung Xuân"] + [
        "B. CÁ NHÂN",
        "Thị trấn Sơn Lư",
        "Xã Trung Xuân",
    ]
    numbers = [row[0] for row in body]
    individuals_start = numbers.index("B. CÁ NHÂN")
    collective_numbers = [n for n in numbers[:individuals_start] if isinstance(n, int)]
    individual_numbers = [n for n in numbers[individuals_start:] if isinstance(n, int)]
    assert collective_numbers == [1, 2]
    assert individual_numbers == list(range(1, len(NAMES_IN_ORDER) + len(HOSTILE) + 1))


def test_individuals_follow_vietnamese_name_order(full_decision):
    rows = _rows(_workbook(decision_list(full_decision)).active)
    names = [row[1] for row in rows if row[1] in NAMES_IN_ORDER]
    assert names == NAMES_IN_ORDER


def test_no_cell_is_a_formula_even_for_hostile_names(full_decision):
    sheet = _workbook(decision_list(full_decision)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    for name in HOSTILE:
        # A carriage return is stored escaped as _x000D_, which Excel decodes
        # and openpyxl leaves as is in inline strings.
        assert name.replace("\r", "_x000D_") in values
    assert "=1+1" in values
    # Retyping such a cell in Excel keeps it text too (quote prefix).
    formula_like = [
        cell for cell in cells if str(cell.value).startswith(("=", "+", "-", "@", "\t"))
    ]
    assert len(formula_like) >= len(HOSTILE)
    assert all(cell.quotePrefix for cell in formula_like)


def test_the_sheet_prints_on_a4_landscape_one_page_wide_with_the_header_repeated(
    full_decision,
):
    sheet = _workbook(decision_list(full_decision)).active
    header_row = _header_index(_rows(sheet)) + 1
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.cell(header_row + 2, 2).font.name == "Times New Roman"


def test_an_officer_export_holds_only_their_commune(full_decision, officer_a):
    rows = _rows(_workbook(decision_list(full_decision, officer_a)).active)
    text = {value for row in rows for value in row}
    assert "Nguyễn Văn An" in text
    assert "Chi bộ Khu 1" in text
    assert "Chi bộ bản Din" not in text
    assert not text & set(HOSTILE)


def test_the_export_issues_a_fixed_number_of_queries(full_decision, django_assert_max_num_queries):
    from awards.models import Decision

    with django_assert_max_num_queries(5):
        decision = Decision.objects.select_related("body", "occasion", "form").get(
            pk=full_decision.pk
        )
        write_xlsx(decision_list(decision), io.BytesIO())


def test_the_csv_starts_with_a_bom_and_neutralises_formulas(full_decision):
    stream = io.StringIO(newline="")
    write_csv(decision_list(full_decision), stream)
    data = stream.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Phần", *HEADERS, "Xã"]
    names = [row[2] for row in rows[1:]]
    assert [name for name in names if name in NAMES_IN_ORDER] == NAMES_IN_ORDER
    posts = [row[3] for row in rows[1:]]
    for name in HOSTILE:
        assert "'" + name in posts
    assert all(
        not field.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for field in row
    )


def test_the_command_writes_xlsx_or_csv_by_extension(full_decision, tmp_path):
    call_command("export_award_list", decision="1125-QĐ/HU", output=str(tmp_path / "list.xlsx"))
    call_command("export_award_list", decision="1125-QĐ/HU", output=str(tmp_path / "list.csv"))
    sheet = openpyxl.load_workbook(tmp_path / "list.xlsx").active
    assert "Lê Văn Anh" in {cell.value for row in sheet.iter_rows() for cell in row}
    assert (tmp_path / "list.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_control_characters_in_a_name_give_a_clean_file(decision, hamlet_a):
    person = factories.PersonFactory(full_name="Lê\x07 Văn\x1b Bé", place=hamlet_a)
    Award.objects.create(decision=decision, person=person)
    rows = _rows(_workbook(decision_list(decision)).active)
    assert "Lê Văn Bé" in {row[1] for row in rows}
