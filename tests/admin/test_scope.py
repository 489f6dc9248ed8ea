"""Scope in the admin's lists, foreign-key choices, autocomplete and filters:
an officer of commune A never sees or picks commune B's units."""

import unicodedata

import pytest
from django.urls import reverse

from cells.constants import PlaceKind, Role
from cells.models import Person, Place
from core.admin_scope import CommuneFilter
from tests import factories


@pytest.fixture
def staff_a(commune_a):
    return factories.UserFactory(username="sonlu-staff", place=commune_a, role=Role.STAFF)


def autocomplete(client, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cells", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_it_lists_only_commune_a_hamlets_to_its_officer(login, officer_a, hamlet_a, hamlet_b):
    page = login(officer_a).get(reverse("admin:cells_place_changelist")).content.decode()
    assert "Khu 1" in page
    assert "Bản Din" not in page
    assert "Trung Xuân" not in page


def test_it_never_offers_commune_b_hamlets_in_autocomplete(login, staff_a, hamlet_a, hamlet_b):
    client = login(staff_a)
    assert autocomplete(client, "person", "place") == {
        "Thị trấn Sơn Lư, Huyện Quan Sơn",
        "Khu phố Khu 1, Thị trấn Sơn Lư",
    }
    assert autocomplete(client, "cell", "hamlet") == {"Khu phố Khu 1, Thị trấn Sơn Lư"}
    assert autocomplete(client, "cell", "hamlet", "Din") == set()


def test_an_officer_is_offered_nothing_to_attach_in_autocomplete(login, officer_a, hamlet_a):
    assert autocomplete(login(officer_a), "person", "place") == set()


def test_it_searches_autocomplete_without_diacritics(login, district_staff, hamlet_a, hamlet_b):
    client = login(district_staff)
    assert autocomplete(client, "cell", "hamlet", "ban din") == {"Bản Bản Din, Xã Trung Xuân"}
    nfd = unicodedata.normalize("NFD", "Bản Din")
    assert autocomplete(client, "cell", "hamlet", nfd) == {"Bản Bản Din, Xã Trung Xuân"}


def test_it_labels_people_and_posts_so_namesakes_can_be_told_apart(
    login, district_staff, records_a, hamlet_b
):
    factories.PersonFactory(full_name="Nguyễn Thị Hạnh", place=hamlet_b, citizen_id=None)
    client = login(district_staff)
    assert autocomplete(client, "holding", "person", "nguyen thi hanh") == {
        "Nguyễn Thị Hạnh — Khu phố Khu 1, Thị trấn Sơn Lư",
        "Nguyễn Thị Hạnh — Bản Bản Din, Xã Trung Xuân",
    }
    posts = autocomplete(client, "holding", "post", "khu 1")
    assert "Bí thư chi bộ — Khu phố Khu 1, Thị trấn Sơn Lư" in posts


def test_it_offers_only_commune_a_in_list_filters(login, officer_a, records_a, records_b):
    page = login(officer_a).get(reverse("admin:cells_person_changelist")).content.decode()
    assert "?commune=" in page and "Thị trấn Sơn Lư" in page
    assert f"hamlet={records_a['place'].pk}" in page
    assert f"hamlet={records_b['place'].pk}" not in page
    assert "Trung Xuân" not in page


def test_it_shows_nothing_for_a_foreign_commune_typed_into_the_filter(
    login, officer_a, records_a, records_b
):
    url = reverse("admin:cells_person_changelist") + f"?commune={records_b['place'].parent_id}"
    page = login(officer_a).get(url).content.decode()
    assert "Lò Văn Đức Thuận" not in page
    assert "Nguyễn Thị Hạnh" not in page


def test_it_refuses_a_commune_b_hamlet_posted_by_commune_a_staff(
    login, staff_a, hamlet_a, hamlet_b
):
    response = login(staff_a).post(
        reverse("admin:cells_person_add"),
        {
            "full_name": "Hà Văn Mới",
            "sex": "nam",
            "place": hamlet_b.pk,
            **inline_management("holdings"),
        },
    )
    assert response.status_code == 200
    assert "nằm ngoài phạm vi đơn vị của bạn" in response.content.decode()
    assert not Person.objects.filter(full_name="Hà Văn Mới").exists()


def test_it_lets_commune_a_staff_add_a_person_in_their_hamlet(login, staff_a, hamlet_a):
    response = login(staff_a).post(
        reverse("admin:cells_person_add"),
        {
            "full_name": "Hà Văn Mới",
            "sex": "nam",
            "place": hamlet_a.pk,
            **inline_management("holdings"),
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(full_name="Hà Văn Mới").place == hamlet_a


def add_place(client, **data):
    fields = {"name": "", "kind": "", "code": "", "parent": "", "valid_from": "", "valid_to": ""}
    return client.post(reverse("admin:cells_place_add"), {**fields, **data})


def test_it_refuses_a_new_province_from_district_staff(login, district_staff):
    response = add_place(login(district_staff), name="Tỉnh Mới", kind=PlaceKind.PROVINCE)
    assert response.status_code == 200
    assert "phải thuộc phạm vi Huyện Quan Sơn" in response.content.decode()
    assert not Place.objects.filter(name="Tỉnh Mới").exists()


def test_it_refuses_a_place_under_another_district(login, district_staff, commune_other_district):
    response = add_place(
        login(district_staff), name="Thôn Mới", kind="thon", parent=commune_other_district.pk
    )
    assert "phải thuộc phạm vi Huyện Quan Sơn" in response.content.decode()
    assert not Place.objects.filter(name="Thôn Mới").exists()


def test_it_refuses_to_move_a_hamlet_out_of_the_district(
    login, district_staff, hamlet_a, commune_other_district
):
    response = login(district_staff).post(
        reverse("admin:cells_place_change", args=[hamlet_a.pk]),
        {
            "name": hamlet_a.name,
            "kind": hamlet_a.kind,
            "code": "",
            "parent": commune_other_district.pk,
            **inline_management("posts"),
        },
    )
    assert "phải thuộc phạm vi Huyện Quan Sơn" in response.content.decode()
    assert Place.objects.get(pk=hamlet_a.pk).parent.name == "Sơn Lư"


def test_it_lets_district_staff_add_a_hamlet_to_their_commune(login, district_staff, commune_a):
    response = add_place(login(district_staff), name="Bản Mới", kind="ban", parent=commune_a.pk)
    assert response.status_code == 302
    assert Place.objects.get(name="Bản Mới").is_within(commune_a)


def test_it_shows_district_staff_their_own_district_read_only(login, district_staff, district):
    client = login(district_staff)
    page = client.get(reverse("admin:cells_place_change", args=[district.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_it_leaves_out_a_place_filter_too_long_to_read(
    login, district_staff, records_a, records_b, monkeypatch
):
    client = login(district_staff)
    url = reverse("admin:cells_person_changelist")
    assert "?commune=" in client.get(url).content.decode()
    monkeypatch.setattr(CommuneFilter, "max_choices", 1)  # the district has two communes
    page = client.get(url).content.decode()
    assert "?commune=" not in page
    assert f"hamlet={records_a['place'].pk}" in page
