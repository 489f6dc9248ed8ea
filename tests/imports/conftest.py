"""Workbooks built in memory for the import tests."""

import csv
import io

import openpyxl
import pytest


def xlsx_bytes(rows):
    """An .xlsx whose first sheet holds `rows` (header first)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def xlsx():
    return xlsx_bytes


@pytest.fixture
def csv_file():
    return csv_bytes


@pytest.fixture
def cell_a(hamlet_a):
    from tests import factories

    return factories.CellFactory(hamlet=hamlet_a, kind="khu_pho", name="Chi bộ Khu 1")


@pytest.fixture
def term_2020(db):
    from tests import factories

    return factories.TermFactory(name="2020–2025")
