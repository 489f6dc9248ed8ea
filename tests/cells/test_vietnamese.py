"""How text is stored and folded for search (core.vietnamese)."""

import unicodedata

import pytest

from core.vietnamese import clean_text, fold


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Lê   Thị\tThu\nHiền ", "Lê Thị Thu Hiền"),
        ("Lò\u00a0Văn\u2003Un", "Lò Văn Un"),  # no-break and em spaces from Word or the web
        (unicodedata.normalize("NFD", "Nguyễn Thị Hạnh"), "Nguyễn Thị Hạnh"),
        (38012345678.0, "38012345678.0"),
        (None, ""),
        (" \t ", ""),
    ],
)
def test_text_is_stored_in_nfc_with_single_spaces(typed, stored):
    assert clean_text(typed) == stored
    assert unicodedata.is_normalized("NFC", clean_text(typed))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đức Thuận", "duc thuan"),
        (unicodedata.normalize("NFD", " ĐỨC   THUẬN "), "duc thuan"),
        ("Bản Na Hồ", "ban na ho"),
        ("Chi bộ Trường THCS", "chi bo truong thcs"),
        ("", ""),
        (None, ""),
    ],
)
def test_search_folds_case_diacritics_and_spaces(text, folded):
    assert fold(text) == folded


def test_a_word_folds_the_same_wherever_it_stands():
    # Folding is done word by word (and remembered): the result must not
    # depend on the neighbouring words.
    assert fold("Hạnh Nguyễn Hạnh") == "hanh nguyen hanh"
    assert fold("ΟΔΟΣ ΣΑΣ") == "ΟΔΟΣ ΣΑΣ".lower()
