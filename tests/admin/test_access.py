"""Who may open which admin page: staff of the district edit, the officer of
commune A reads, the officer of commune B and the staff of another district
see nothing of commune A, and anonymous visitors go to the login page."""

import pytest
from django.urls import reverse

from cells.models import Person

MODELS = [
    "place",
    "partycommittee",
    "cell",
    "person",
    "partymember",
    "cellmembership",
    "term",
    "posttype",
    "post",
    "holding",
]
# Shared reference data every signed-in user reads; nobody but the superuser edits it.
SHARED = {"term", "posttype"}


def changelist(model):
    return reverse(f"admin:cells_{model}_changelist")


def change(model, obj):
    return reverse(f"admin:cells_{model}_change", args=[obj.pk])


@pytest.mark.parametrize("model", MODELS)
def test_it_lets_district_staff_open_every_list_and_record(login, district_staff, records_a, model):
    client = login(district_staff)
    assert client.get(changelist(model)).status_code == 200
    assert client.get(changelist(model), {"_facets": "True"}).status_code == 200  # with counts
    page = client.get(change(model, records_a[model]))
    assert page.status_code == 200
    can_save = model not in SHARED
    assert ('name="_save"' in page.content.decode()) is can_save


@pytest.mark.parametrize("model", MODELS)
def test_it_shows_the_officer_of_commune_a_their_records_read_only(
    login, officer_a, records_a, model
):
    client = login(officer_a)
    assert client.get(changelist(model)).status_code == 200
    page = client.get(change(model, records_a[model]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change(model, records_a[model]), {}).status_code == 403


@pytest.mark.parametrize("model", sorted(set(MODELS) - SHARED))
@pytest.mark.parametrize("visitor", ["officer_b", "other_district_staff"])
def test_it_hides_commune_a_records_from_outsiders(
    login, request, records_a, records_b, model, visitor
):
    client = login(request.getfixturevalue(visitor))
    listing = client.get(changelist(model))
    assert listing.status_code == 200
    assert change(model, records_a[model]) not in listing.content.decode()
    page = client.get(change(model, records_a[model]))
    assert page.status_code == 302  # "does not exist", back to the index
    assert client.get(page.url).status_code == 200
    history = reverse(f"admin:cells_{model}_history", args=[records_a[model].pk])
    assert client.get(history).status_code == 302
    delete = reverse(f"admin:cells_{model}_delete", args=[records_a[model].pk])
    assert client.post(delete, {"post": "yes"}).status_code in (302, 403)
    assert type(records_a[model]).objects.filter(pk=records_a[model].pk).exists()


@pytest.mark.parametrize("model", MODELS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, records_a, model):
    for url in (changelist(model), change(model, records_a[model])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_it_keeps_a_quan_son_person_out_of_tho_xuan_staff_hands(
    login, other_district_staff, records_a
):
    person = records_a["person"]
    client = login(other_district_staff)
    response = client.post(
        change("person", person),
        {"full_name": "Đổi tên", "place": person.place_id, "sex": "nam"},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Thị Hạnh"


def test_it_keeps_a_tho_xuan_person_from_quan_son_staff(
    login, district_staff, records_other_district
):
    client = login(district_staff)
    page = client.get(change("person", records_other_district["person"]), follow=True)
    assert "Lê Văn Xuân" not in page.content.decode()
    assert "không tồn tại" in page.content.decode()


def test_it_lists_places_cells_and_posts_first_in_the_tree_order(login, district_staff):
    page = login(district_staff).get(reverse("admin:index")).content.decode()
    order = [
        "Đơn vị hành chính",
        "Đảng bộ",
        "Chi bộ",
        "Cá nhân",
        "Đảng viên",
        "Vị trí chức danh",
        "Người giữ chức danh",
        "Nhiệm kỳ",
    ]
    positions = [page.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)
    assert page.index("Địa bàn, chi bộ và chức danh") < page.index("Sinh hoạt chi bộ</a>")
