"""How Vietnamese text compares, searches and sorts.

One place for the three rules officials notice at once: text typed in NFC or
NFD compares equal; search ignores diacritics and case ("duc thuan" finds
"Đức Thuận"); lists of people sort by given name first, then family and middle
names, in Vietnamese alphabetical order with tones as the second level.
"""

import functools
import unicodedata

# Vietnamese letters in alphabetical order. f, j, w, z are not Vietnamese but
# appear in names of other peoples; they take their Latin places.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Tone marks in the order they sort: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

# Sort keys are strings of two-digit codes: digits-only strings order the same
# under every database collation (SQLite BINARY, PostgreSQL C or ICU), so the
# database can ORDER BY them. 00 separates words; digits come before letters.
_SEPARATOR = "00"
_LETTER_CODES = {letter: f"{index + 20:02d}" for index, letter in enumerate(_ALPHABET)}
_DIGIT_CODES = {str(digit): f"{digit + 10:02d}" for digit in range(10)}
_OTHER_CODE = "99"
SORT_KEY_LENGTH = 255


def clean_text(text):
    """NFC, single spaces, no leading or trailing blanks: how text is stored."""
    if text is None:
        return ""
    # split() without an argument splits on every Unicode space, as \s+ does,
    # and drops leading and trailing ones: one pass, no regular expression.
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def fold(text):
    """Lower case without diacritics, for search: "Đức Thuận" -> "duc thuan"."""
    return " ".join(_fold_word(word) for word in clean_text(text).split(" "))


@functools.lru_cache(maxsize=8192)
def _fold_word(word):
    """One word folded. Folding never crosses a space, and names repeat the
    same few hundred words, so imports of thousands of people fold each once."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.replace("đ", "d")


def _letters(word):
    """Split a word into (letter, tone) pairs, letter being a Vietnamese letter."""
    pairs = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(char) and pairs:
            letter, tone = pairs[-1]
            if char in _TONES:
                tone = _TONES[char]
            elif char in _LETTER_MARKS:
                letter = unicodedata.normalize("NFC", letter + char)
            pairs[-1] = (letter, tone)
        elif not unicodedata.combining(char):
            pairs.append((char, 0))
    return pairs


@functools.lru_cache(maxsize=8192)
def _word_codes(word):
    """(letter codes, tone digits) of one word. Names repeat the same few
    hundred words (Nguyễn, Thị, Văn …), so imports of thousands of people
    compute each word once."""
    pairs = _letters(word)
    codes, digits = [], []
    for letter, _tone in pairs:
        if letter in _DIGIT_CODES:
            digits.append(letter)
            continue
        codes.append(_number_codes(digits))
        digits = []
        codes.append(_LETTER_CODES.get(letter) or _OTHER_CODE)
    codes.append(_number_codes(digits))
    return "".join(codes), "".join(str(tone) for _letter, tone in pairs)


def _number_codes(digits):
    """A number compares by its value, as officials number hamlets ("Thôn 2"
    before "Thôn 10"): its digits, leading zeros dropped, after a code for
    their count (11 for one digit … 19 for nine or more), which sorts before
    every letter."""
    if not digits:
        return ""
    number = "".join(digits).lstrip("0") or "0"
    return f"1{min(len(number), 9)}" + "".join(_DIGIT_CODES[digit] for digit in number)


def _primary(words):
    return _SEPARATOR.join(_word_codes(word)[0] for word in words)


def _tones(words):
    return "".join(_word_codes(word)[1] for word in words)


def split_name(full_name):
    """("Lê Thị Thu", "Hiền") from "Lê Thị Thu Hiền": the given name is the last word."""
    words = clean_text(full_name).split(" ")
    return " ".join(words[:-1]), words[-1]


def name_sort_key(full_name):
    """The key that puts people in the order a Vietnamese official expects.

    The given name decides first, compared in full — letters (a < ă < â < b …),
    then tones — as when a list is sorted on its "Tên" column; then the family
    and middle names the same way. So "Lê Thị Anh" comes before
    "Hoàng Thị Ánh", and "An" before "Anh".
    """
    family_and_middle, given = split_name(full_name)
    rest = family_and_middle.split()
    # The tones of the given name sit right after its letters: two keys with
    # the same letters have tone strings of the same length, so what follows
    # (the other names) lines up.
    key = (
        _primary([given])
        + _SEPARATOR
        + _tones([given])
        + _primary(rest)
        + _SEPARATOR
        + _tones(rest)
    )
    return key[:SORT_KEY_LENGTH]


def text_sort_key(text):
    """Vietnamese alphabetical order for any text (place names, titles)."""
    words = clean_text(text).split(" ")
    return (_primary(words) + _SEPARATOR + _tones(words))[:SORT_KEY_LENGTH]
