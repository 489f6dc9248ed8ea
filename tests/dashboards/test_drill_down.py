"""Drill-down pages of a hamlet and a cell."""

import pytest
from django.urls import reverse


@pytest.fixture
def paths(area):
    cell = area["cell_a"]
    return [
        reverse("dashboard-cell", args=[cell.pk]),
        reverse("dashboard-hamlet", args=[cell.hamlet_id]),
    ]


def test_cell_page_shows_posts_holders_and_members(area, login, officer_a):
    cell = area["cell_a"]
    response = login(officer_a).get(reverse("dashboard-cell", args=[cell.pk]) + "?date=2023-12-31")

    assert response.status_code == 200
    assert "Bí thư chi bộ" in response.text
    assert [c.members for c in response.context["unit_cells"]] == [3]
    holders = {post.post_type.code: post.holder for post in response.context["posts"]}
    assert holders["bi_thu"] == holders["truong_thon"]  # kiêm nhiệm


def test_posts_are_listed_in_the_official_order_of_titles(area, login, officer_a):
    path = reverse("dashboard-hamlet", args=[area["cell_a"].hamlet_id]) + "?date=2023-12-31"

    posts = login(officer_a).get(path).context["posts"]

    # The cell's secretary, then the hamlet's chief (the post types' order).
    assert [post.post_type.code for post in posts] == ["bi_thu", "truong_thon"]


def test_hamlet_page(area, login, officer_a, hamlet_a2):
    response = login(officer_a).get(reverse("dashboard-hamlet", args=[hamlet_a2.pk]))

    assert response.status_code == 200
    assert "Còn trống" in response.text  # Khu 2's secretary post is vacant


def test_district_staff_can_open_them(paths, login, district_staff):
    client = login(district_staff)
    assert all(client.get(path).status_code == 200 for path in paths)


@pytest.mark.parametrize("user", ["other_district_staff", "officer_b"])
def test_outsiders_get_404(paths, login, request, user):
    client = login(request.getfixturevalue(user))
    assert [client.get(path).status_code for path in paths] == [404, 404]


def test_anonymous_is_sent_to_login(paths, client):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_wrong_method(paths, login, officer_a):
    client = login(officer_a)
    assert [client.post(path).status_code for path in paths] == [405, 405]
