"""The place-and-date line of a party document (HD 36-HD/VPTW)."""

from datetime import date

from core.documents import place_and_date


def test_the_day_has_two_digits_and_january_and_february_too():
    assert place_and_date("Quan Sơn", date(2026, 2, 5)) == "Quan Sơn, ngày 05 tháng 02 năm 2026"
    assert place_and_date("Quan Sơn", date(2026, 1, 20)) == "Quan Sơn, ngày 20 tháng 01 năm 2026"


def test_from_march_the_month_stands_as_it_is():
    assert place_and_date("Quan Sơn", date(2026, 12, 7)) == "Quan Sơn, ngày 07 tháng 12 năm 2026"
    assert place_and_date("Quan Sơn", date(2026, 3, 12)) == "Quan Sơn, ngày 12 tháng 3 năm 2026"


def test_an_undated_document_leaves_the_date_to_write_by_hand():
    assert place_and_date("Quan Sơn", None) == "Quan Sơn, ngày … tháng … năm …"
