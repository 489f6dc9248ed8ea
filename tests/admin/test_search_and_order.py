"""Search as officials type (no diacritics, any case, NFC or NFD) and people
listed in Vietnamese order: given name first, then family and middle names."""

import re
import unicodedata

import pytest
from django.urls import reverse

from tests import factories

PEOPLE_URL = reverse("admin:cells_person_changelist")


@pytest.fixture
def people(hamlet_a):
    names = [
        ("Nguyễn Thị Hạnh", "038190000001"),
        ("Lò Văn Đức Thuận", "038190000002"),
        ("Hà Văn Hạnh Phúc", None),
    ]
    return [
        factories.PersonFactory(full_name=name, citizen_id=cccd, place=hamlet_a)
        for name, cccd in names
    ]


def names_on(page):
    return re.findall(r'<th class="field-name"><a href="[^"]+">([^<]+)</a>', page)


def search(client, url, term):
    return client.get(url, {"q": term}).content.decode()


@pytest.mark.parametrize(
    "term",
    ["nguyen thi hanh", "NGUYEN THI HANH", "Nguyễn Thị Hạnh", "nguyễn thị hạnh"],
)
def test_it_finds_a_person_whatever_the_accents_and_case(login, officer_a, people, term):
    assert names_on(search(login(officer_a), PEOPLE_URL, term)) == ["Nguyễn Thị Hạnh"]


def test_it_treats_nfd_input_like_nfc(login, officer_a, people):
    term = unicodedata.normalize("NFD", "Nguyễn Thị Hạnh")
    assert names_on(search(login(officer_a), PEOPLE_URL, term)) == ["Nguyễn Thị Hạnh"]


def test_it_finds_duc_thuan_from_plain_letters(login, officer_a, people):
    assert names_on(search(login(officer_a), PEOPLE_URL, "duc thuan")) == ["Lò Văn Đức Thuận"]


def test_it_finds_a_person_by_citizen_id(login, officer_a, people):
    assert names_on(search(login(officer_a), PEOPLE_URL, "038190000002")) == ["Lò Văn Đức Thuận"]


def test_it_searches_holdings_and_party_members_by_plain_name(login, district_staff, records_a):
    client = login(district_staff)
    for model in ("holding", "partymember", "cellmembership"):
        page = search(client, reverse(f"admin:cells_{model}_changelist"), "nguyen thi hanh")
        assert "Nguyễn Thị Hạnh" in page, model


def test_it_does_not_search_outside_the_scope(login, officer_b, people):
    assert names_on(search(login(officer_b), PEOPLE_URL, "nguyen")) == []


VIETNAMESE_ORDER = [
    "Trần Văn An",
    "Lê Thị Anh",
    "Trịnh Thị Ánh",
    "Phạm Văn Ân",
    "Vũ Văn Bình",
    "Nguyễn Văn Dũng",
    "Lò Văn Đạt",
    "Đỗ Thị Yến",
]


@pytest.fixture
def shuffled_people(hamlet_a):
    for name in sorted(VIETNAMESE_ORDER):  # code-point order is the wrong one
        factories.PersonFactory(full_name=name, place=hamlet_a)


def test_it_lists_people_by_given_name_in_vietnamese_order(login, officer_a, shuffled_people):
    page = login(officer_a).get(PEOPLE_URL).content.decode()
    assert names_on(page) == VIETNAMESE_ORDER


def test_it_sorts_the_name_column_in_vietnamese_order_both_ways(login, officer_a, shuffled_people):
    client = login(officer_a)
    page = client.get(PEOPLE_URL).content.decode()
    headers = re.findall(r'<th scope="col" class="([^"]*)"', page)
    column = next(i for i, classes in enumerate(headers) if "column-name" in classes)
    assert "sortable" in headers[column]  # the "Họ và tên" header is a sort link
    assert names_on(client.get(PEOPLE_URL, {"o": column}).content.decode()) == VIETNAMESE_ORDER
    descending = names_on(client.get(PEOPLE_URL, {"o": f"-{column}"}).content.decode())
    assert descending == VIETNAMESE_ORDER[::-1]
