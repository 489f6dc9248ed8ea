"""Filters of the lists: by place with everything under it, by date and
period, by post type and term, Vietnamese search and ordering, page size."""

import datetime
import unicodedata

from cells import models
from cells.constants import PostTypeCode
from tests import factories

D = datetime.date


def _names(response):
    assert response.status_code == 200, response.json()
    return [row["full_name"] for row in response.json()["results"]]


def test_a_district_code_lists_the_people_of_all_its_communes_and_hamlets(
    api, district_staff, hamlet_a, hamlet_b, commune_a, hamlet_other_district
):
    factories.PersonFactory(full_name="Hà Văn Một", place=hamlet_a)
    factories.PersonFactory(full_name="Lò Thị Hai", place=hamlet_b)
    factories.PersonFactory(full_name="Cầm Văn Ba", place=commune_a)
    factories.PersonFactory(full_name="Lê Văn Bốn", place=hamlet_other_district)
    client = api(district_staff)

    assert sorted(_names(client.get("/api/v1/people/", {"place": "387"}))) == sorted(
        ["Hà Văn Một", "Lò Thị Hai", "Cầm Văn Ba"]
    )
    assert sorted(_names(client.get("/api/v1/people/", {"place": "15001"}))) == sorted(
        ["Hà Văn Một", "Cầm Văn Ba"]
    )
    assert _names(client.get("/api/v1/people/", {"place_id": hamlet_b.pk})) == ["Lò Thị Hai"]


def test_the_places_list_filters_to_a_place_and_its_descendants(
    api, district_staff, district, commune_a, commune_b, hamlet_a, hamlet_b
):
    response = api(district_staff).get("/api/v1/places/", {"place": "15001"})

    assert {row["id"] for row in response.json()["results"]} == {commune_a.pk, hamlet_a.pk}


def test_a_place_outside_the_callers_scope_is_refused_like_an_unknown_one(
    api, officer_a, commune_b
):
    client = api(officer_a)

    outside = client.get("/api/v1/people/", {"place": commune_b.code})
    unknown = client.get("/api/v1/people/", {"place": "99999"})

    assert outside.status_code == unknown.status_code == 400
    assert outside.json() == unknown.json()
    assert "place" in outside.json()


def test_holdings_filter_by_date_and_by_period(api, district_staff, hamlet_a):
    chief = factories.HamletPostFactory(place=hamlet_a)
    old = factories.HoldingFactory(
        post=chief,
        person__full_name="Lương Văn Cũ",
        start_date=D(2017, 7, 1),
        end_date=D(2020, 6, 30),
    )
    new = factories.HoldingFactory(
        post=chief, person__full_name="Lương Văn Mới", start_date=D(2020, 7, 1)
    )
    client = api(district_staff)

    def ids(**query):
        response = client.get("/api/v1/holdings/", query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(date="2019-05-01") == {old.pk}
    assert ids(date="2023-12-31") == {new.pk}
    assert ids(period="2020") == {old.pk, new.pk}
    assert ids(period="2018-Q3") == {old.pk}
    assert ids(period="2021..2023") == {new.pk}
    assert ids(period="2020-H2") == {new.pk}


def test_a_bad_period_is_a_400_naming_the_period(api, district_staff):
    response = api(district_staff).get("/api/v1/holdings/", {"period": "2023-Q7"})

    assert response.status_code == 400
    assert list(response.json()) == ["period"]


def test_holdings_filter_by_post_type_and_term(api, district_staff, hamlet_a):
    term = factories.TermFactory(
        name="2022–2025", start_date=D(2022, 1, 1), end_date=D(2025, 6, 30)
    )
    other_term = factories.TermFactory(
        name="2017–2020", start_date=D(2017, 1, 1), end_date=D(2020, 6, 30)
    )
    chief = factories.HoldingFactory(post=factories.HamletPostFactory(place=hamlet_a), term=term)
    front = factories.HoldingFactory(
        post=factories.HamletPostFactory(
            place=hamlet_a, post_type=factories.post_type(PostTypeCode.FRONT_HEAD)
        ),
        term=other_term,
    )
    client = api(district_staff)

    by_type = client.get("/api/v1/holdings/", {"post_type": PostTypeCode.FRONT_HEAD}).json()
    by_term = client.get("/api/v1/holdings/", {"term": term.pk}).json()

    assert [row["id"] for row in by_type["results"]] == [front.pk]
    assert [row["id"] for row in by_term["results"]] == [chief.pk]


def test_places_and_cells_filter_by_kind(api, district_staff, hamlet_a, hamlet_b):
    factories.CellFactory(hamlet=hamlet_b, kind="ban", name="Chi bộ bản Din")
    factories.CellFactory(hamlet=hamlet_a, kind="khu_pho", name="Chi bộ Khu 1")
    client = api(district_staff)

    places = client.get("/api/v1/places/", {"kind": "ban"}).json()["results"]
    cells = client.get("/api/v1/cells/", {"kind": "khu_pho"}).json()["results"]

    assert [row["id"] for row in places] == [hamlet_b.pk]
    assert [row["name"] for row in cells] == ["Chi bộ Khu 1"]


def test_vacant_posts_on_a_date(api, district_staff, hamlet_a):
    held = factories.HamletPostFactory(place=hamlet_a)
    factories.HoldingFactory(post=held, start_date=D(2020, 1, 1))
    vacant = factories.HamletPostFactory(
        place=hamlet_a, post_type=factories.post_type(PostTypeCode.MILITIA_LEADER)
    )

    response = api(district_staff).get("/api/v1/posts/", {"vacant_on": "2023-01-01"})

    assert [row["id"] for row in response.json()["results"]] == [vacant.pk]


def test_search_ignores_diacritics_case_and_unicode_form(api, district_staff, hamlet_a):
    factories.PersonFactory(full_name="Nguyễn Thị Hạnh", place=hamlet_a)
    factories.PersonFactory(full_name=unicodedata.normalize("NFD", "Lê Đức Thuận"), place=hamlet_a)
    factories.PersonFactory(full_name="Nguyễn Văn Hành Chính", place=hamlet_a)
    factories.PersonFactory(full_name="Trần Thị Hoa", place=hamlet_a)
    client = api(district_staff)

    def search(text):
        return _names(client.get("/api/v1/people/", {"search": text}))

    assert search("nguyen thi hanh") == ["Nguyễn Thị Hạnh"]
    assert search("NGUYỄN THỊ HẠNH") == ["Nguyễn Thị Hạnh"]
    assert search("duc thuan") == ["Lê Đức Thuận"]
    assert search(unicodedata.normalize("NFD", "Đức Thuận")) == ["Lê Đức Thuận"]
    assert sorted(search("hanh nguyen")) == ["Nguyễn Thị Hạnh", "Nguyễn Văn Hành Chính"]


def test_search_finds_holdings_and_members_by_their_persons_name(api, district_staff, hamlet_a):
    person = factories.PersonFactory(full_name="Hà Thị Đào", place=hamlet_a)
    factories.HoldingFactory(person=person, post=factories.HamletPostFactory(place=hamlet_a))
    factories.PartyMemberFactory(person=person)
    factories.PartyMemberFactory(person__full_name="Vi Văn Khác", person__place=hamlet_a)
    client = api(district_staff)

    holdings = client.get("/api/v1/holdings/", {"search": "ha thi dao"}).json()["results"]
    members = client.get("/api/v1/party-members/", {"search": "dao"}).json()["results"]

    assert [row["full_name"] for row in holdings] == ["Hà Thị Đào"]
    assert [row["full_name"] for row in members] == ["Hà Thị Đào"]


def test_people_come_in_vietnamese_name_order(api, district_staff, hamlet_a):
    typed = [
        "Đỗ Văn Bình",
        "Phạm Văn Ân",
        "Trần Văn An",
        "Lê Thị Thu Hiền",
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Vi Văn Đông",
        "Lò Văn Dũng",
    ]
    for name in typed:
        factories.PersonFactory(full_name=name, place=hamlet_a)
    expected = [
        "Nguyễn Văn An",
        "Trần Văn An",
        "Trần Thị Ánh",
        "Phạm Văn Ân",
        "Đỗ Văn Bình",
        "Lò Văn Dũng",
        "Vi Văn Đông",
        "Lê Thị Thu Hiền",
    ]
    client = api(district_staff)

    assert _names(client.get("/api/v1/people/")) == expected
    assert _names(client.get("/api/v1/people/", {"ordering": "name"})) == expected
    assert _names(client.get("/api/v1/people/", {"ordering": "-name"})) == expected[::-1]


def test_a_page_size_over_the_cap_is_cut_to_the_cap(api, district_staff, hamlet_a):
    people = [models.Person(full_name=f"Người Số {n}", place=hamlet_a) for n in range(505)]
    for person in people:
        person.fill_derived_fields()
    models.Person.objects.bulk_create(people)
    client = api(district_staff)

    response = client.get("/api/v1/people/", {"page_size": 100000})
    small = client.get("/api/v1/people/", {"page_size": 7})

    assert response.status_code == 200
    assert response.json()["count"] == 505
    assert len(response.json()["results"]) == 500
    assert response.json()["next"] is not None
    assert len(small.json()["results"]) == 7


def test_the_hand_written_person_rows_match_the_declared_fields(hamlet_a):
    from rest_framework import serializers

    from cells.api import PersonSerializer

    person = factories.PersonFactory(
        full_name="Lê Thị Thu Hiền", birth_date=D(1980, 2, 3), citizen_id="038180000123",
        phone="0912345678", place=hamlet_a,
    )  # fmt: skip
    fast = PersonSerializer().to_representation(person)
    generic = serializers.ModelSerializer.to_representation(PersonSerializer(), person)

    assert fast == generic


def test_the_people_list_shows_each_person_as_the_detail_does(api, district_staff, hamlet_a):
    factories.PersonFactory(
        full_name="Lê Thị Thu Hiền", birth_date=D(1980, 2, 3), citizen_id="038180000124",
        phone="0912345679", place=hamlet_a,
    )  # fmt: skip
    factories.PersonFactory(full_name="Hà Văn Trống", sex="", place=hamlet_a)
    client = api(district_staff)

    rows = client.get("/api/v1/people/").json()["results"]

    assert len(rows) == 2
    for row in rows:
        assert row == client.get(f"/api/v1/people/{row['id']}/").json()


def test_an_id_too_large_for_the_database_is_a_400_naming_the_filter(api, district_staff):
    # Found by the contract test: a 33-digit cell id reached SQLite and crashed.
    client = api(district_staff)
    huge = "316543047998292281153625230671872"

    by_cell = client.get("/api/v1/party-members/", {"cell": huge})
    by_place = client.get("/api/v1/people/", {"place_id": huge})

    assert by_cell.status_code == 400 and "cell" in by_cell.json()
    assert by_place.status_code == 400 and "place_id" in by_place.json()


def test_a_fractional_id_is_a_400(api, district_staff):
    response = api(district_staff).get("/api/v1/party-members/", {"cell": "1.5"})

    assert response.status_code == 400 and "cell" in response.json()
