"""Official codes: as wide as their level's (province 2 digits, district 3,
commune 5), none on a hamlet, unique among units in force at each level; and
every lookup by code (the API's `place` filter, `--place` of the commands,
`add_user`) finds the unit of the level the code's width says."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from cells.constants import PlaceKind, Role
from cells.models import Place
from portal.models import Report, User
from tests import factories

D = datetime.date
HIJACK = {"code": "395", "valid_from": "2000-01-01"}


@pytest.fixture
def province_staff(province):
    return factories.UserFactory(username="thanhhoa", place=province, role=Role.STAFF)


def _hijack(api, district_staff, hamlet_a):
    """Quan Sơn's staff tries to give their own hamlet Thọ Xuân's code."""
    return api(district_staff).patch(f"/api/v1/places/{hamlet_a.pk}/", HIJACK, format="json")


def test_a_hamlet_cannot_take_a_districts_code(api, district_staff, hamlet_a, other_district):
    response = _hijack(api, district_staff, hamlet_a)

    assert response.status_code == 400, response.json()
    assert list(response.json()) == ["code"]
    assert "không có mã đơn vị chính thức" in response.json()["code"][0]
    hamlet_a.refresh_from_db()
    assert (hamlet_a.code, hamlet_a.valid_from) == ("", None)


@pytest.mark.parametrize(
    ("kind", "code"),
    [(PlaceKind.COMMUNE, "395"), (PlaceKind.COMMUNE, "1500"), (PlaceKind.COMMUNE, "15x01")],
)
def test_a_commune_code_has_five_digits(api, district_staff, district, kind, code):
    body = {"name": "Mới", "kind": kind, "parent": district.pk, "code": code}

    response = api(district_staff).post("/api/v1/places/", body, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == [f"Mã đơn vị cấp xã gồm đúng 5 chữ số, không phải “{code}”."]
    assert not Place.objects.filter(name="Mới").exists()


def test_the_database_refuses_a_code_of_the_wrong_width(commune_a):
    hamlet = Place(name="Khu 9", kind=PlaceKind.URBAN_QUARTER, parent=commune_a, code="395")

    with pytest.raises(ValidationError) as error:
        hamlet.full_clean()
    assert list(error.value.message_dict) == ["code"]
    with pytest.raises(IntegrityError), transaction.atomic():
        hamlet.save()


def test_the_place_filter_finds_the_district_after_a_hamlet_tries_its_code(
    api, district_staff, other_district_staff, province_staff, hamlet_a, commune_other_district
):
    factories.PersonFactory(full_name="Lê Văn Xuân", place=commune_other_district)
    factories.PersonFactory(full_name="Hà Văn Khu", place=hamlet_a)
    _hijack(api, district_staff, hamlet_a)

    for user in (other_district_staff, province_staff):
        response = api(user).get("/api/v1/people/", {"place": "395"})
        assert response.status_code == 200, response.json()
        assert [row["full_name"] for row in response.json()["results"]] == ["Lê Văn Xuân"]


def test_build_report_picks_the_district_after_a_hamlet_tries_its_code(
    api, district_staff, hamlet_a, other_district
):
    _hijack(api, district_staff, hamlet_a)

    call_command("build_report", place="395", period="2023", stdout=io.StringIO())

    assert list(Report.objects.values_list("place", flat=True)) == [other_district.pk]


def test_add_user_picks_the_district_after_a_hamlet_tries_its_code(
    api, district_staff, hamlet_a, other_district, monkeypatch
):
    monkeypatch.setenv("PORTAL_PASSWORD", "mot-mat-khau-dai")
    _hijack(api, district_staff, hamlet_a)

    call_command("add_user", "thoxuan2", place="395", role="staff", stdout=io.StringIO())

    assert User.objects.get(username="thoxuan2").place == other_district


def test_two_communes_in_force_cannot_share_a_code(api, district_staff, district, commune_a):
    body = {"name": "Sơn Lư 2", "kind": PlaceKind.COMMUNE, "parent": district.pk, "code": "15001"}

    response = api(district_staff).post("/api/v1/places/", body, format="json")

    assert response.status_code == 400, response.json()
    assert "Đã có đơn vị đang hiệu lực mang mã này." in json.dumps(
        response.json(), ensure_ascii=False
    )
    assert Place.objects.filter(code="15001").count() == 1


def test_a_code_reused_after_a_merger_names_the_unit_in_force(
    api, district_staff, district, province_staff
):
    old = factories.CommuneFactory(
        name="Mường Mìn", code="15010", parent=district, valid_to=D(2025, 6, 30)
    )
    factories.PersonFactory(full_name="Cầm Văn Cũ", place=old)
    body = {
        "name": "Mường Mìn Mới",
        "kind": PlaceKind.COMMUNE,
        "parent": district.pk,
        "code": "15010",
        "valid_from": "2025-07-01",
    }
    created = api(district_staff).post("/api/v1/places/", body, format="json")
    assert created.status_code == 201, created.json()
    new = Place.objects.get(pk=created.json()["id"])
    factories.PersonFactory(full_name="Lò Văn Mới", place=new)

    assert Place.objects.official_unit("15010") == new
    assert Place.objects.official_unit("15010", on=D(2024, 1, 1)) == old
    response = api(province_staff).get("/api/v1/people/", {"place": "15010"})
    assert [row["full_name"] for row in response.json()["results"]] == ["Lò Văn Mới"]
    out = io.StringIO()
    call_command("area_summary", "15010", date="2024-01-01", json=True, stdout=out)
    assert json.loads(out.getvalue())["place_name"] == "Xã Mường Mìn"


def test_a_command_tells_a_code_of_no_level_from_an_unknown_one(other_district):
    with pytest.raises(CommandError) as error:
        call_command("area_summary", "3950", stdout=io.StringIO())

    assert str(error.value) == (
        "“3950” không phải mã đơn vị: mã tỉnh có 2 chữ số, mã huyện 3, mã xã 5."
    )
