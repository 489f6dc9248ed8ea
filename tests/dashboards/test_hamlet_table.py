"""The commune dashboard's table of hamlets and cells lists every hamlet in
force on the date, with or without a cell, then the cells tied to no hamlet.

Hand-counted on 31/12/2023 in Thị trấn Sơn Lư (the `area` fixture plus):
- Thôn Đồng Tâm, founded 2015, no cell; its chief Lò Văn Chiến leaves on
  15/02/2024 (within 90 days, so 1 holding about to end);
- Khu Cũ, merged away on 31/12/2022: listed in 2022, not in 2023;
- Chi bộ Trường Tiểu học, a school cell of the commune with 2 members.
Rows, hamlets in Vietnamese order (Đ before K) then the school:
  Đồng Tâm (no cell) · Khu 1 (3 members) · Khu 2 (1 member, secretary vacant)
  · — / Chi bộ Trường Tiểu học (2 members).
"""

import datetime

import pytest
from django.urls import reverse

from cells.constants import CellKind, PlaceKind, PostTypeCode
from tests import factories

D = datetime.date


@pytest.fixture
def hamlet_without_cell(commune_a):
    hamlet = factories.HamletFactory(
        name="Đồng Tâm", kind=PlaceKind.VILLAGE, parent=commune_a, valid_from=D(2015, 1, 1)
    )
    post = factories.HamletPostFactory(
        post_type=factories.post_type(PostTypeCode.HAMLET_CHIEF), place=hamlet
    )
    chief = factories.PersonFactory(full_name="Lò Văn Chiến", place=hamlet)
    factories.HoldingFactory(post=post, person=chief, end_date=D(2024, 2, 15))
    return hamlet


@pytest.fixture
def school_cell(commune_a):
    cell = factories.CellFactory(
        hamlet=None,
        committee=factories.CommitteeFactory(place=commune_a),
        kind=CellKind.SCHOOL,
        name="Chi bộ Trường Tiểu học",
    )
    for _index in range(2):
        member = factories.PartyMemberFactory(person__place=commune_a)
        factories.CellMembershipFactory(member=member, cell=cell)
    return cell


@pytest.fixture
def merged_hamlet(commune_a):
    return factories.HamletFactory(
        name="Khu Cũ", kind=PlaceKind.URBAN_QUARTER, parent=commune_a, valid_to=D(2022, 12, 31)
    )


@pytest.fixture
def page(area, hamlet_without_cell, school_cell, merged_hamlet, login, officer_a):
    def get(date="2023-12-31"):
        response = login(officer_a).get(reverse("dashboard") + f"?date={date}")
        assert response.status_code == 200
        return response

    return get


def _listed(response):
    return [
        (row.hamlet.name if row.hamlet else None, row.cell.name if row.cell else None)
        for row in response.context["rows"]
    ]


def test_every_hamlet_in_force_is_listed_then_the_cells_of_no_hamlet(page):
    response = page()

    assert _listed(response) == [
        ("Đồng Tâm", None),
        ("Khu 1", "Chi bộ Khu 1"),
        ("Khu 2", "Chi bộ Khu 2"),
        (None, "Chi bộ Trường Tiểu học"),
    ]
    hamlet_rows = [row for row in response.context["rows"] if row.hamlet]
    assert len(hamlet_rows) == response.context["summary"]["hamlets"] == 3


def test_a_hamlet_without_a_cell_shows_its_own_figures(page, hamlet_without_cell):
    response = page()

    row = response.context["rows"][0]
    assert (row.hamlet.chief, row.cell, row.expiring) == ("Lò Văn Chiến", None, 1)
    assert response.context["expiring_total"] == 1
    hamlet_url = reverse("dashboard-hamlet", args=[hamlet_without_cell.pk])
    assert f'href="{hamlet_url}?date=2023-12-31"' in response.text
    assert "Chưa có chi bộ" in response.text


def test_cells_keep_their_members_and_secretary(page, area):
    rows = page().context["rows"]

    members = {row.cell.name: row.cell.members for row in rows if row.cell}
    assert members == {"Chi bộ Khu 1": 3, "Chi bộ Khu 2": 1, "Chi bộ Trường Tiểu học": 2}
    secretaries = {row.cell.name: row.cell.secretary for row in rows if row.cell}
    assert secretaries["Chi bộ Khu 2"] is None
    assert secretaries["Chi bộ Khu 1"] == rows[1].hamlet.chief  # kiêm nhiệm


def test_a_hamlet_merged_away_is_listed_only_while_in_force(page):
    assert "Khu Cũ" not in [hamlet for hamlet, _cell in _listed(page("2023-12-31"))]
    assert "Khu Cũ" in [hamlet for hamlet, _cell in _listed(page("2022-06-30"))]


def test_the_drill_down_of_a_hamlet_without_a_cell_opens(
    page, hamlet_without_cell, login, officer_a
):
    path = reverse("dashboard-hamlet", args=[hamlet_without_cell.pk]) + "?date=2023-12-31"
    response = login(officer_a).get(path)

    assert response.status_code == 200
    assert "Thôn chưa có chi bộ." in response.text
    assert [post.holder for post in response.context["posts"]] == ["Lò Văn Chiến"]
    assert "15/02/2024" in response.text


def test_outsiders_cannot_open_the_drill_down_of_a_hamlet_without_a_cell(
    hamlet_without_cell, login, officer_b, other_district_staff
):
    path = reverse("dashboard-hamlet", args=[hamlet_without_cell.pk])
    for user in (officer_b, other_district_staff):
        assert login(user).get(path).status_code == 404


def test_numbered_hamlets_are_listed_by_their_number(area, commune_b, login, officer_b):
    for name in ("Thôn 10", "Thôn 2"):
        factories.HamletFactory(name=name, parent=commune_b)

    response = login(officer_b).get(reverse("dashboard") + "?date=2023-12-31")

    assert _listed(response) == [
        ("Bản Din", "Chi bộ Bản Din"),
        ("Thôn 2", None),
        ("Thôn 10", None),
    ]


def test_the_drill_down_of_a_cell_of_no_hamlet_opens(page, school_cell, login, officer_a):
    response = page()
    cell_url = reverse("dashboard-cell", args=[school_cell.pk])
    assert f'href="{cell_url}?date=2023-12-31"' in response.text

    response = login(officer_a).get(cell_url + "?date=2023-12-31")

    assert response.status_code == 200
    assert [cell.members for cell in response.context["unit_cells"]] == [2]
    assert response.context["commune"].code == "15001"
