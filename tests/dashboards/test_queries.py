"""Every dashboard page issues a fixed number of queries whatever the data
size: pinned at two sizes of the same area. A district's or province's page
counts its own figures over the whole area besides its communes' rows (the
cells' counts and the awards of the area: two queries the commune page does
not need)."""

import datetime

import pytest
from django.urls import reverse

from cells.constants import PostTypeCode
from tests import factories

MAX_QUERIES = 15
# The area's own figures beside its communes' (never re-added from them),
# and the post titles read apart from the posts grouped by title (a subquery
# per title made SQLite walk every post of the type: cells.summary.post_figures).
MAX_AREA_QUERIES = 18


def grow(commune, hamlets, members_per_cell):
    """Add hamlets with a cell, members and a secretary each to `commune`, and
    as many hamlets without a cell, each with a chief."""
    for index in range(hamlets):
        hamlet = factories.HamletFactory(parent=commune, name=f"Thôn mới {commune.pk}-{index}")
        cell = factories.CellFactory(hamlet=hamlet)
        for _member in range(members_per_cell):
            member = factories.PartyMemberFactory(person__place=hamlet)
            factories.CellMembershipFactory(member=member, cell=cell)
        post = factories.CellPostFactory(
            post_type=factories.post_type(PostTypeCode.CELL_SECRETARY), cell=cell
        )
        factories.HoldingFactory(post=post, end_date=datetime.date(2024, 2, 1))
        bare = factories.HamletFactory(parent=commune, name=f"Thôn trống {commune.pk}-{index}")
        factories.HoldingFactory(post=factories.HamletPostFactory(place=bare))


@pytest.fixture(params=["small", "larger"])
def sized_area(request, area, commune_a, commune_b, district):
    if request.param == "larger":
        extra = factories.CommuneFactory(parent=district, name="Xã Mới", code="15009")
        for commune in (commune_a, commune_b, extra):
            grow(commune, hamlets=4, members_per_cell=3)
    return request.param


@pytest.mark.parametrize(
    "user, path",
    [
        ("officer_a", reverse("dashboard")),
        ("officer_a", reverse("dashboard-place", args=["15001"])),
        ("district_staff", reverse("dashboard-place", args=["387"])),
        ("district_staff", reverse("dashboard-place", args=["38"])),
    ],
)
def test_dashboard_query_count(
    sized_area, login, request, user, path, assert_max_queries, province
):
    if path.endswith("/38/"):
        user_object = factories.UserFactory(username="tinh", place=province, role="staff")
    else:
        user_object = request.getfixturevalue(user)
    client = login(user_object)

    limit = MAX_QUERIES if user == "officer_a" else MAX_AREA_QUERIES
    with assert_max_queries(limit):
        response = client.get(path + "?date=2023-12-31")
    assert response.status_code == 200


def test_drill_down_query_count(sized_area, area, login, officer_a, assert_max_queries):
    client = login(officer_a)
    cell = area["cell_a"]
    for path in (
        reverse("dashboard-cell", args=[cell.pk]),
        reverse("dashboard-hamlet", args=[cell.hamlet_id]),
    ):
        with assert_max_queries(MAX_QUERIES):
            assert client.get(path).status_code == 200
