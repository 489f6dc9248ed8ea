"""Admin forms that do more than Django's defaults: a cell's post takes its
place from the cell; a hamlet post needs its hamlet."""

from django.urls import reverse

from cells.constants import PostTypeCode
from cells.models import Post
from tests import factories


def management(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_post(client, **data):
    return client.post(reverse("admin:cells_post_add"), {**management("holdings"), **data})


def test_it_places_a_cell_post_in_the_cell_hamlet(login, district_staff, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a)
    deputy = factories.post_type(PostTypeCode.DEPUTY_SECRETARY)
    response = add_post(login(district_staff), post_type=deputy.pk, cell=cell.pk, place="")
    assert response.status_code == 302
    assert Post.objects.get(post_type=deputy, cell=cell).place == hamlet_a


def test_it_asks_for_the_hamlet_of_a_hamlet_post(login, district_staff, hamlet_a):
    militia = factories.post_type(PostTypeCode.MILITIA_LEADER)
    response = add_post(login(district_staff), post_type=militia.pk, cell="", place="")
    assert response.status_code == 200
    assert "Chức danh ở thôn phải gắn với một thôn." in response.content.decode()
    assert not Post.objects.filter(post_type=militia).exists()


def test_it_refuses_a_hamlet_post_in_a_commune(login, district_staff, commune_a):
    militia = factories.post_type(PostTypeCode.MILITIA_LEADER)
    response = add_post(login(district_staff), post_type=militia.pk, cell="", place=commune_a.pk)
    assert "Chức danh ở thôn phải gắn với một thôn." in response.content.decode()
    assert not Post.objects.filter(post_type=militia).exists()
