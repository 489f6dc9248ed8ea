"""Holdings on a person's page and on a hamlet's page, memberships on a party
member's page, posts on a cell's page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.constants import PostTypeCode
from cells.models import Holding
from tests import factories


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_it_shows_a_person_the_posts_they_hold(login, officer_a, records_a):
    page = login(officer_a).get(reverse("admin:cells_person_change", args=[records_a["person"].pk]))
    html = page.content.decode()
    assert "Các chức danh đảm nhiệm" in html
    assert "Bí thư chi bộ" in html and "Trưởng thôn, bản, khu phố" in html


def test_it_adds_a_holding_from_the_person_page(login, district_staff, hamlet_a):
    person = factories.PersonFactory(full_name="Hà Văn Mới", place=hamlet_a)
    post = factories.HamletPostFactory(
        place=hamlet_a, post_type=factories.post_type(PostTypeCode.FRONT_HEAD)
    )
    response = login(district_staff).post(
        reverse("admin:cells_person_change", args=[person.pk]),
        {
            "full_name": person.full_name,
            "sex": "nam",
            "place": hamlet_a.pk,
            **management("holdings", 1, 0),
            "holdings-0-post": post.pk,
            "holdings-0-start_date": "05/05/2022",
        },
    )
    assert response.status_code == 302
    holding = Holding.objects.get(person=person)
    assert (holding.post, holding.start_date) == (post, datetime.date(2022, 5, 5))


def test_it_refuses_an_overlapping_holding_from_the_person_page(login, district_staff, records_a):
    newcomer = factories.PersonFactory(full_name="Hà Văn Mới", place=records_a["place"])
    response = login(district_staff).post(
        reverse("admin:cells_person_change", args=[newcomer.pk]),
        {
            "full_name": newcomer.full_name,
            "sex": "nam",
            "place": newcomer.place_id,
            **management("holdings", 1, 0),
            "holdings-0-post": records_a["post"].pk,
            "holdings-0-start_date": "01/01/2023",
        },
    )
    assert response.status_code == 200
    assert "đã có người giữ trong khoảng thời gian này" in response.content.decode()
    assert not Holding.objects.filter(person=newcomer).exists()


def test_it_shows_a_hamlet_its_posts_holders_and_vacancies(login, officer_a, records_a):
    factories.HamletPostFactory(
        place=records_a["place"], post_type=factories.post_type(PostTypeCode.MILITIA_LEADER)
    )
    html = (
        login(officer_a)
        .get(reverse("admin:cells_place_change", args=[records_a["place"].pk]))
        .content.decode()
    )
    assert "Chức danh ở thôn và người đang giữ" in html
    assert "Nguyễn Thị Hạnh" in html
    assert "Trống" in html


def test_it_offers_officers_no_link_to_record_a_holder(login, officer_a, records_a):
    html = (
        login(officer_a)
        .get(reverse("admin:cells_place_change", args=[records_a["place"].pk]))
        .content.decode()
    )
    assert "Nguyễn Thị Hạnh" in html
    assert reverse("admin:cells_holding_add") not in html
    assert "Thêm người giữ" not in html


def test_it_links_a_hamlet_post_to_a_new_holding_for_it(login, district_staff, records_a):
    client = login(district_staff)
    html = client.get(
        reverse("admin:cells_place_change", args=[records_a["place"].pk])
    ).content.decode()
    add_url = reverse("admin:cells_holding_add") + f"?post={records_a['post'].pk}"
    assert add_url in html
    form = client.get(add_url).content.decode()
    assert f'<option value="{records_a["post"].pk}" selected>' in form


def test_it_shows_no_post_inline_on_a_commune(login, district_staff, commune_a):
    html = (
        login(district_staff)
        .get(reverse("admin:cells_place_change", args=[commune_a.pk]))
        .content.decode()
    )
    assert "Chức danh ở thôn và người đang giữ" not in html


def test_it_shows_a_party_member_their_cell_history(login, officer_a, records_a):
    html = (
        login(officer_a)
        .get(reverse("admin:cells_partymember_change", args=[records_a["partymember"].pk]))
        .content.decode()
    )
    assert "Quá trình sinh hoạt chi bộ" in html
    assert str(records_a["cell"]) in html


def test_it_shows_a_cell_its_posts_and_holders(login, officer_a, records_a):
    html = (
        login(officer_a)
        .get(reverse("admin:cells_cell_change", args=[records_a["cell"].pk]))
        .content.decode()
    )
    assert "Chức danh của chi bộ và người đang giữ" in html
    assert "Bí thư chi bộ" in html and "Nguyễn Thị Hạnh" in html


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_holdings_to(person, count):
    for number in range(count):
        hamlet = factories.HamletFactory(parent=person.place.parent, name=f"Bản Số {number}")
        factories.HoldingFactory(person=person, post__place=hamlet, term=factories.TermFactory())


def test_it_opens_a_person_with_many_holdings_in_as_many_queries_as_one(
    login, district_staff, hamlet_a, django_assert_max_num_queries
):
    person = factories.PersonFactory(place=hamlet_a)
    client = login(district_staff)
    url = reverse("admin:cells_person_change", args=[person.pk])
    add_holdings_to(person, 1)
    with_one = queries_for(client, url)
    add_holdings_to(person, 5)
    with django_assert_max_num_queries(with_one):
        page = client.get(url)
    assert page.content.decode().count("selected>2020–2025</option>") == 6


def test_it_opens_a_hamlet_with_all_its_posts_in_as_many_queries_as_one(
    login, district_staff, hamlet_a, django_assert_max_num_queries
):
    client = login(district_staff)
    url = reverse("admin:cells_place_change", args=[hamlet_a.pk])
    factories.HoldingFactory(post__place=hamlet_a)
    with_one = queries_for(client, url)
    for code in (PostTypeCode.FRONT_HEAD, PostTypeCode.MILITIA_LEADER, PostTypeCode.SECURITY_HEAD):
        post = factories.HamletPostFactory(place=hamlet_a, post_type=factories.post_type(code))
        factories.HoldingFactory(post=post)
    with django_assert_max_num_queries(with_one):
        assert client.get(url).status_code == 200
