"""Every dashboard page issues a fixed number of queries whatever the data
size: pinned at two sizes of the same area. A district's or province's page
counts its own figures over the whole area besides its communes' rows (the
cells' counts and the awards of the area: two queries the commune page does
not need)."""

import datetime

import pytest
from django.urls import reverse

from cells.constants import PostTypeCode
from cells.models import Cell, CellMembership
from ratings.constants import Subject
from ratings.defaults import default_criteria
from ratings.models import RatingRound
from tests import factories
from tests.ratings.helpers import rate_cell

MAX_QUERIES = 15
# The area's own figures beside its communes' (never re-added from them),
# and the post titles read apart from the posts grouped by title (a subquery
# per title made SQLite walk every post of the type: cells.summary.post_figures).
MAX_AREA_QUERIES = 18
# The yearly review (ratings.summary): the rounds in reach, ratings and
# reviews by round (the last two only when a round is in reach), and for a
# district or province the communes in force; a commune's page reads the
# rounds it links the lists of once more.
RATING_QUERIES = 3
# The card of members due for recognition (members.recognition): one query.
RECOGNITION_QUERIES = 1
# Transfers (transfers.summary): the area's transfers, and for a district or
# province the communes in force they are given to.
TRANSFER_QUERIES = 1
TRANSFER_AREA_QUERIES = 2
COMMUNE_DASHBOARD_QUERIES = (
    MAX_QUERIES + RATING_QUERIES + TRANSFER_QUERIES + 1 + RECOGNITION_QUERIES
)
AREA_DASHBOARD_QUERIES = (
    MAX_AREA_QUERIES + RATING_QUERIES + TRANSFER_AREA_QUERIES + 1 + RECOGNITION_QUERIES
)
# A hamlet's or a cell's page lists the ratings of its cells across the years
# (two queries: the cells' own ratings, their members' counts by level); a
# cell's page also reads the chain of cells it continues (one) and its
# designations with the checks beside each decision (six): ratings/history.py.
HAMLET_RATING_QUERIES = 2
CELL_RATING_QUERIES = 1 + 2 + 6


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
            rate_first_cell(commune)
    return request.param


def rate_first_cell(commune):
    """A 2023 round of `commune` with its first grown cell rated and approved."""
    staff = factories.UserFactory(username=f"xa-{commune.pk}", place=commune, role="staff")
    rating_round = RatingRound.objects.create(
        place=commune,
        name="Đánh giá, xếp loại năm 2023",
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
        member_criteria=default_criteria(Subject.MEMBER),
        cell_criteria=default_criteria(Subject.CELL),
    )
    cell = Cell.objects.filter(hamlet__parent=commune, name__isnull=False).order_by("pk").last()
    members = [row.member for row in CellMembership.objects.filter(cell=cell)]
    rate_cell(staff, rating_round, cell, members)


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

    limit = COMMUNE_DASHBOARD_QUERIES if user == "officer_a" else AREA_DASHBOARD_QUERIES
    with assert_max_queries(limit):
        response = client.get(path + "?date=2023-12-31")
    assert response.status_code == 200


def test_drill_down_query_count(sized_area, area, login, officer_a, assert_max_queries):
    client = login(officer_a)
    cell = area["cell_a"]
    for path, ratings in (
        (reverse("dashboard-cell", args=[cell.pk]), CELL_RATING_QUERIES),
        (reverse("dashboard-hamlet", args=[cell.hamlet_id]), HAMLET_RATING_QUERIES),
    ):
        with assert_max_queries(MAX_QUERIES + ratings):
            assert client.get(path).status_code == 200


# --- history: a closed unit's banner, a successor's before/after comparison -------
#
# The comparison costs one query to find the reorganisation (only for a place
# with a lineage: the others none) and two `area_figures` of the place, eight
# queries each (cells: counts, posts by title, the post titles; meetings: cells,
# meetings by month, counts, cadre assignments; awards: one), whatever the
# size of the area or the number of predecessors. A closed unit's banner costs
# one query: its successors, with whether the user may open each.

# Ratings: one query finding no yearly round in reach (the merger has none);
# fees: one query finding no fee basis in the area (fees.summary), on both
# sides since both reach into 2026, the first year fees are counted;
# transfers: one.
AREA_FIGURES_QUERIES = 8 + 1 + 1 + TRANSFER_QUERIES
COMPARISON_QUERIES = 1 + 2 * AREA_FIGURES_QUERIES
BANNER_QUERIES = 1
# A page of a hamlet or a cell (see test_drill_down_query_count), measured.
UNIT_QUERIES = 8


@pytest.fixture(params=["small", "larger"])
def merged_too(request, district, commune_a, commune_b):
    """The larger merger takes a third commune in, and every commune has four
    more hamlets, cells, members and posts (conftest.merged_too)."""
    if request.param == "small":
        return []
    extra = factories.CommuneFactory(parent=district, name="Mới", code="15009")
    for commune in (commune_a, commune_b, extra):
        grow(commune, hamlets=4, members_per_cell=3)
    return [extra]


def queries_of(client, path):
    """(response, the queries it took), without the test transaction's savepoints."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    sql = [query["sql"] for query in captured.captured_queries]
    return response, len([query for query in sql if not query.startswith(("SAVEPOINT", "RELEASE"))])


def test_a_successors_dashboard_with_its_comparison(merger, login, officer_c, assert_max_queries):
    client = login(merger["staff"])
    path = reverse("dashboard-place", args=["15002"])

    with assert_max_queries(COMMUNE_DASHBOARD_QUERIES + COMPARISON_QUERIES):
        response = client.get(path + "?date=2026-12-31")
    assert response.context["comparison"] is not None
    # Exactly: the comparison's own queries on top of a page without history.
    _response, with_comparison = queries_of(client, path + "?date=2026-12-31")
    _response, plain = queries_of(login(officer_c), "/dashboard/15010/?date=2026-12-31")
    assert with_comparison - plain == COMPARISON_QUERIES
    # Before the merger took effect: the unit that held the code that day is
    # looked for (none did: the page stays the successor's, which counts its
    # predecessors), and the reorganisation; no more.
    response, before = queries_of(login(merger["staff"]), path + "?date=2026-06-30")
    assert response.context["comparison"] is None
    assert before - plain == 2


def test_a_dashboard_without_history_costs_nothing_more(
    merger, login, officer_c, assert_max_queries
):
    client = login(officer_c)
    with assert_max_queries(COMMUNE_DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard-place", args=["15010"]) + "?date=2026-12-31")
    assert response.context["comparison"] is None and response.context["closure"] is None


def test_a_closed_units_pages_with_their_banner(merger, login, assert_max_queries):
    client = login(merger["staff"])
    pages = [
        (reverse("dashboard-place", args=["15001"]), COMMUNE_DASHBOARD_QUERIES),
        (
            reverse("dashboard-hamlet", args=[merger["hamlet_a"].pk]),
            UNIT_QUERIES + HAMLET_RATING_QUERIES,
        ),
        (reverse("dashboard-cell", args=[merger["cell_a"].pk]), UNIT_QUERIES + CELL_RATING_QUERIES),
    ]
    for path, queries in pages:
        with assert_max_queries(queries + BANNER_QUERIES):
            response = client.get(path)
        assert response.context["closure"] is not None, path
    # The copy of the cell, in force: no banner, no query for one.
    response, in_force = queries_of(client, reverse("dashboard-cell", args=[merger["copy_a"].pk]))
    _response, closed = queries_of(client, pages[2][0])
    assert response.context["closure"] is None
    assert closed - in_force == BANNER_QUERIES
