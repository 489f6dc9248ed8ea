"""What a client sees when something is wrong: 400 with a message per
field in the language it asks for, 404 outside scope, 401 without
credentials, 409 when a record is still in use."""

from django.test import Client

from cells import models
from tests import factories


def test_a_missing_field_is_named_in_vietnamese_by_default(api, district_staff, hamlet_a):
    response = api(district_staff).post("/api/v1/people/", {"place": hamlet_a.pk}, format="json")

    assert response.status_code == 400
    assert response.json() == {"full_name": ["Trường này là bắt buộc."]}


def test_a_missing_field_is_named_in_english_when_asked(api, district_staff, hamlet_a):
    client = api(district_staff, language="en")

    response = client.post("/api/v1/people/", {"place": hamlet_a.pk}, format="json")

    assert response.status_code == 400
    assert response.json() == {"full_name": ["This field is required."]}


def test_a_place_outside_scope_is_a_400_on_that_field_in_either_language(
    api, other_district_staff, hamlet_a
):
    body = {"full_name": "Lê Văn Lạ", "place": hamlet_a.pk}

    vietnamese = api(other_district_staff).post("/api/v1/people/", body, format="json")
    english = api(other_district_staff, language="en").post("/api/v1/people/", body, format="json")

    assert vietnamese.status_code == english.status_code == 400
    assert vietnamese.json() == {
        "place": ["Lựa chọn này không có hoặc nằm ngoài phạm vi đơn vị của bạn."]
    }
    assert list(english.json()) == ["place"]
    assert "outside your unit" in english.json()["place"][0]
    assert not models.Person.objects.filter(full_name="Lê Văn Lạ").exists()


def test_every_bad_field_gets_its_own_message(api, district_staff, hamlet_a):
    body = {
        "full_name": "",
        "sex": "khong-ro",
        "birth_date": "31/02/1980",
        "citizen_id": "12ab",
        "place": hamlet_a.pk,
    }

    response = api(district_staff).post("/api/v1/people/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"full_name", "sex", "birth_date"}


def test_the_models_own_rules_answer_per_field(api, district_staff, hamlet_a):
    person = factories.PersonFactory(place=hamlet_a)
    post = factories.HamletPostFactory(place=hamlet_a)
    body = {
        "person": person.pk,
        "post": post.pk,
        "start_date": "2022-01-01",
        "end_date": "2021-01-01",
    }

    response = api(district_staff).post("/api/v1/holdings/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"end_date": ["Ngày thôi giữ chức không được trước ngày bắt đầu."]}
    assert not models.Holding.objects.exists()


def test_a_second_holder_of_a_single_seat_post_is_refused(api, district_staff, hamlet_a):
    post = factories.HamletPostFactory(place=hamlet_a)
    factories.HoldingFactory(post=post, person__place=hamlet_a)
    newcomer = factories.PersonFactory(place=hamlet_a)
    body = {"person": newcomer.pk, "post": post.pk, "start_date": "2023-01-01"}

    response = api(district_staff).post("/api/v1/holdings/", body, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert models.Holding.objects.filter(post=post).count() == 1


def test_a_citizen_id_must_be_twelve_digits(api, district_staff, hamlet_a):
    body = {"full_name": "Lê Văn Số", "citizen_id": "12ab", "place": hamlet_a.pk}

    response = api(district_staff).post("/api/v1/people/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"citizen_id": ["Số CCCD gồm đúng 12 chữ số."]}


def test_staff_cannot_create_a_place_outside_their_district(api, district_staff, province):
    body = {"name": "Tỉnh Mới", "kind": "tinh"}

    response = api(district_staff).post("/api/v1/places/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Bản ghi này sẽ nằm ngoài phạm vi đơn vị của bạn."]
    }
    assert not models.Place.objects.filter(name="Tỉnh Mới").exists()


def test_staff_cannot_move_a_person_out_of_their_district(
    api, district_staff, hamlet_a, hamlet_other_district
):
    person = factories.PersonFactory(place=hamlet_a)

    response = api(district_staff).patch(
        f"/api/v1/people/{person.pk}/", {"place": hamlet_other_district.pk}, format="json"
    )

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.place == hamlet_a


def test_deleting_a_record_still_in_use_is_a_409(api, district_staff, hamlet_a):
    holding = factories.HoldingFactory(person__place=hamlet_a)

    response = api(district_staff).delete(f"/api/v1/people/{holding.person.pk}/")

    assert response.status_code == 409
    assert "detail" in response.json()
    assert models.Person.objects.filter(pk=holding.person.pk).exists()


def test_a_record_outside_scope_is_a_404_not_a_403(api, officer_b, hamlet_a):
    person = factories.PersonFactory(place=hamlet_a)

    response = api(officer_b).get(f"/api/v1/people/{person.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_wrong_token_is_a_401(api, hamlet_a):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/people/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Token không hợp lệ."}


def test_a_deactivated_accounts_token_stops_working(api, district_staff):
    client = api(district_staff)
    district_staff.is_active = False
    district_staff.save()

    assert client.get("/api/v1/people/").status_code == 401


def test_an_unauthenticated_call_says_so_in_english_when_asked(api):
    response = api(language="en").get("/api/v1/people/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_an_unknown_address_under_the_api_is_a_json_404(api, district_staff):
    client = api(district_staff)

    for url in ("/api/v1/people/abc.def/", "/api/v1/no-such-thing/", "/api/v2/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}
    deleted = Client(enforce_csrf_checks=True).delete("/api/v1/meetings/.exe/")
    assert deleted.status_code == 404
    assert deleted.json() == {"detail": "Không tìm thấy."}


def test_a_page_past_the_end_is_a_404_and_a_zero_page_size_gives_the_default(
    api, district_staff, hamlet_a
):
    factories.PersonFactory(place=hamlet_a)
    client = api(district_staff)

    assert client.get("/api/v1/people/", {"page": 9}).status_code == 404
    assert client.get("/api/v1/people/", {"page_size": 0}).status_code == 200


def test_an_address_without_its_final_slash_is_still_redirected(api, district_staff):
    response = api(district_staff).get("/api/v1/people")

    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/people/")
