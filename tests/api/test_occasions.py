"""Occasions belong to the place that set them. Staff change those of their
place and under it, on every surface; another district's occasion is out
of reach, those of the province above and national ones (no place) are
read but changed by superusers (and the province) only. Each is audited in
its owner's scope."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.forms.models import model_to_dict
from django.urls import reverse

from awards.models import CommendationForm, IssuingBody, Occasion
from tests import factories

D = datetime.date


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True, place=None)


@pytest.fixture
def occasions(province, district, other_district, commune_a):
    def make(title, place):
        return Occasion.objects.create(title=title, date=D(2023, 7, 22), place=place)

    return {
        "national": make("Kỷ niệm 93 năm Ngày thành lập Đảng", None),
        "province": make("Kỷ niệm 80 năm thành lập Đảng bộ tỉnh", province),
        "district": make("Kỷ niệm 60 năm thành lập huyện Quan Sơn", district),
        "commune_a": make("Ngày hội Đại đoàn kết Sơn Lư", commune_a),
        "other_district": make("Kỷ niệm 93 năm Đảng bộ huyện Thọ Xuân", other_district),
    }


def titles(response):
    return {row["title"] for row in response.json()["results"]}


def admin_url(action, occasion=None):
    args = [] if occasion is None else [occasion.pk]
    return reverse(f"admin:awards_occasion_{action}", args=args)


def unchanged(occasion):
    before = model_to_dict(occasion)
    return model_to_dict(Occasion.objects.get(pk=occasion.pk)) == before


def test_an_officer_reads_national_occasions_and_those_above_and_under_their_commune(
    api, officer_a, occasions
):
    response = api(officer_a).get("/api/v1/occasions/")

    assert titles(response) == {
        occasions[key].title for key in ("national", "province", "district", "commune_a")
    }


def test_district_staff_never_see_another_districts_occasion(api, district_staff, occasions):
    listing = api(district_staff).get("/api/v1/occasions/")
    detail = api(district_staff).get(f"/api/v1/occasions/{occasions['other_district'].pk}/")

    assert occasions["other_district"].title not in titles(listing)
    assert detail.status_code == 404


@pytest.mark.parametrize(
    ("key", "status"), [("other_district", 404), ("province", 403), ("national", 403)]
)
def test_the_api_refuses_staff_a_change_or_delete_of_an_occasion_not_theirs(
    api, district_staff, occasions, key, status
):
    occasion = occasions[key]
    client = api(district_staff)

    patch = client.patch(f"/api/v1/occasions/{occasion.pk}/", {"title": "X"}, format="json")
    put = client.put(f"/api/v1/occasions/{occasion.pk}/", {"title": "X"}, format="json")
    delete = client.delete(f"/api/v1/occasions/{occasion.pk}/")

    # Unseen: 404; seen but not theirs to change: 403.
    assert (patch.status_code, put.status_code, delete.status_code) == (status, status, status)
    assert unchanged(occasion)


def test_the_admin_hides_another_districts_occasion_from_staff(login, district_staff, occasions):
    occasion = occasions["other_district"]
    client = login(district_staff)

    listing = client.get(admin_url("changelist"))
    change = client.post(admin_url("change", occasion), {"title": "X", "place": occasion.place_id})
    delete = client.post(admin_url("delete", occasion), {"post": "yes"})

    assert occasion.title not in listing.content.decode()
    assert change.status_code == 302  # "does not exist", back to the index
    assert delete.status_code == 302
    assert unchanged(occasion)


@pytest.mark.parametrize("key", ["province", "national"])
def test_the_admin_shows_staff_an_occasion_above_them_read_only(
    login, district_staff, occasions, key
):
    occasion = occasions[key]
    client = login(district_staff)

    page = client.get(admin_url("change", occasion))
    change = client.post(admin_url("change", occasion), {"title": "X", "date": "22/07/2023"})
    delete = client.post(admin_url("delete", occasion), {"post": "yes"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (change.status_code, delete.status_code) == (403, 403)
    assert unchanged(occasion)


def test_the_admin_refuses_a_bulk_delete_that_takes_in_an_occasion_not_theirs(
    login, district_staff, occasions
):
    selected = [occasions["district"].pk, occasions["national"].pk]

    response = login(district_staff).post(
        admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )

    assert response.status_code in (200, 403)
    assert Occasion.objects.filter(pk__in=selected).count() == 2


@pytest.mark.parametrize("key", ["district", "commune_a"])
def test_staff_change_an_occasion_of_their_place_or_under_it(
    api, login, district_staff, occasions, key
):
    occasion = occasions[key]

    patch = api(district_staff).patch(
        f"/api/v1/occasions/{occasion.pk}/", {"title": "Đổi qua API"}, format="json"
    )
    page = login(district_staff).get(admin_url("change", occasion))

    assert patch.status_code == 200
    assert Occasion.objects.get(pk=occasion.pk).title == "Đổi qua API"
    assert 'name="_save"' in page.content.decode()


def test_staff_delete_an_occasion_of_their_place(login, district_staff, occasions):
    occasion = occasions["commune_a"]

    response = login(district_staff).post(admin_url("delete", occasion), {"post": "yes"})

    assert response.status_code == 302
    assert not Occasion.objects.filter(pk=occasion.pk).exists()


def test_an_occasion_staff_add_belongs_to_their_place(api, district_staff, district):
    response = api(district_staff).post(
        "/api/v1/occasions/", {"title": "Tổng kết phong trào thi đua"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert Occasion.objects.get(pk=response.json()["id"]).place == district


def test_staff_cannot_add_a_national_occasion_or_one_of_another_district(
    api, login, district_staff, other_district
):
    client = api(district_staff)

    national = client.post("/api/v1/occasions/", {"title": "X", "place": None}, format="json")
    elsewhere = client.post(
        "/api/v1/occasions/", {"title": "X", "place": other_district.pk}, format="json"
    )
    in_admin = login(district_staff).post(admin_url("add"), {"title": "X", "place": ""})

    assert national.status_code == 400
    assert "chỉ quản trị hệ thống" in national.json()["place"][0]
    assert elsewhere.status_code == 400
    assert in_admin.status_code == 200  # the form again, with its error
    assert not Occasion.objects.filter(title="X").exists()


def test_staff_cannot_move_their_occasion_to_the_nation_or_another_district(
    api, district_staff, occasions, other_district
):
    occasion = occasions["district"]
    client = api(district_staff)

    national = client.patch(f"/api/v1/occasions/{occasion.pk}/", {"place": None}, format="json")
    elsewhere = client.patch(
        f"/api/v1/occasions/{occasion.pk}/", {"place": other_district.pk}, format="json"
    )

    assert (national.status_code, elsewhere.status_code) == (400, 400)
    assert unchanged(occasion)


def test_officers_change_no_occasion(api, login, officer_a, occasions):
    occasion = occasions["commune_a"]

    patch = api(officer_a).patch(f"/api/v1/occasions/{occasion.pk}/", {"title": "X"})
    change = login(officer_a).post(admin_url("change", occasion), {"title": "X"})

    assert (patch.status_code, change.status_code) == (403, 403)
    assert unchanged(occasion)


def test_the_superuser_changes_a_national_occasion(api, superuser, occasions):
    occasion = occasions["national"]

    response = api(superuser).patch(
        f"/api/v1/occasions/{occasion.pk}/", {"title": "Đổi"}, format="json"
    )

    assert response.status_code == 200
    assert Occasion.objects.get(pk=occasion.pk).title == "Đổi"


def test_an_occasion_of_a_place_is_audited_in_that_places_scope(
    api, district_staff, superuser, occasions, district
):
    api(district_staff).patch(
        f"/api/v1/occasions/{occasions['district'].pk}/", {"title": "Đổi"}, format="json"
    )
    api(superuser).patch(
        f"/api/v1/occasions/{occasions['national'].pk}/", {"title": "Đổi"}, format="json"
    )

    update = LogEntry.Action.UPDATE
    district_entry = LogEntry.objects.get_for_object(occasions["district"]).get(action=update)
    national_entry = LogEntry.objects.get_for_object(occasions["national"]).get(action=update)
    assert district_entry.additional_data["scope"] == district.path
    assert national_entry.additional_data["scope"] == "/"


def test_a_decision_may_name_an_occasion_above_but_not_another_districts(
    api, district_staff, district, occasions
):
    body = IssuingBody.objects.create(name="Ban Thường vụ Huyện ủy Quan Sơn", place=district)
    form = CommendationForm.objects.get(code="giay_khen")

    def decide(number, occasion):
        payload = {
            "number": number,
            "date": "2023-07-20",
            "body": body.pk,
            "form": form.code,
            "occasion": occasion.pk,
        }
        return api(district_staff).post("/api/v1/decisions/", payload, format="json")

    assert decide("1-QĐ/HU", occasions["province"]).status_code == 201
    refused = decide("2-QĐ/HU", occasions["other_district"])
    assert refused.status_code == 400
    assert list(refused.json()) == ["occasion"]


def test_staff_add_an_occasion_of_their_place_in_the_admin(login, district_staff, district):
    client = login(district_staff)

    form = client.get(admin_url("add"))
    response = client.post(
        admin_url("add"), {"title": "Hội thi", "date": "01/09/2023", "place": district.pk}
    )

    assert f'value="{district.pk}" selected' in form.content.decode()
    assert response.status_code == 302
    assert Occasion.objects.get(title="Hội thi").place == district
