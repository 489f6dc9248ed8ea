"""A member's and a cell's ratings across the years: kept through a transfer
(the rating is the member's, whatever cell gave it) and through
reorganisations (a cell copied by a commune merger, then merged with a
neighbour, lists its predecessors' years), on the pages that show them, in
a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from cells.constants import MembershipEndReason, PlaceKind, Role
from cells.constants import ReorganisationKind as Kind
from cells.constants import ReorganisationSubject as Subject
from cells.models import Cell, CellMembership, Place
from cells.reorganisations import NewPlace, apply_reorganisation, plan_reorganisation
from ratings.constants import RatingLevel
from ratings.constants import Subject as Rated
from ratings.defaults import default_criteria
from ratings.history import cell_history, chain_of, member_history
from ratings.lineage import predecessors_of_cells
from ratings.models import Designation, DesignationGrant, Rating, RatingRound
from ratings.services import review_for
from tests import factories
from tests.ratings.conftest import member_in

D = datetime.date


def year_round(commune, year):
    return RatingRound.objects.create(
        place=commune,
        name=f"Đánh giá, xếp loại năm {year}",
        start_date=D(year, 1, 1),
        end_date=D(year, 12, 31),
        member_criteria=default_criteria(Rated.MEMBER),
        cell_criteria=default_criteria(Rated.CELL),
    )


def rate(rating_round, cell, member=None, level=RatingLevel.GOOD, score=80):
    """A rating as the cell's review stores it (the review's workflow is
    tested in test_review; here only what history reads matters)."""
    return Rating.objects.create(
        review=review_for(rating_round, cell=cell),
        round=rating_round,
        subject=Rated.MEMBER if member else Rated.CELL,
        member=member,
        cell=cell,
        score=score,
        level=level,
        reason="—",
    )


# --- a transfer ------------------------------------------------------------------


@pytest.fixture
def transferred(commune_a, commune_b, hamlet_a, hamlet_b):
    """A member of cell A (commune A) rated there for 2024, moved to cell B
    (commune B) on 01/04/2025 and rated there for 2025."""
    cell_a = factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")
    cell_b = factories.CellFactory(hamlet=hamlet_b, name="Chi bộ Bản Din")
    member = member_in(cell_a, "Hà Thị Lan")
    CellMembership.objects.filter(member=member).update(
        start_date=D(2010, 1, 1),
        end_date=D(2025, 3, 31),
        end_reason=MembershipEndReason.TRANSFERRED,
    )
    factories.CellMembershipFactory(member=member, cell=cell_b, start_date=D(2025, 4, 1))
    member.person.place = hamlet_b
    member.person.save()
    rate(year_round(commune_a, 2024), cell_a, member, RatingLevel.EXCELLENT, 92)
    rate(year_round(commune_b, 2025), cell_b, member, RatingLevel.GOOD, 81)
    return member, cell_a, cell_b


def test_a_members_history_lists_both_years_across_a_transfer(transferred):
    member, cell_a, cell_b = transferred

    rows = member_history(member)

    assert [(r.round.end_date.year, r.cell, r.level) for r in rows] == [
        (2025, cell_b, RatingLevel.GOOD),
        (2024, cell_a, RatingLevel.EXCELLENT),
    ]


def test_the_members_admin_page_lists_the_years_each_reader_may_read(
    transferred, login, commune_b, district_staff
):
    """The new commune reads the year its cell rated, not the old commune's;
    the district above both reads both."""
    member, _cell_a, _cell_b = transferred
    staff_b = factories.UserFactory(username="xa-b-nl", place=commune_b, role=Role.STAFF)
    url = reverse("admin:cells_partymember_change", args=[member.pk])

    html = login(staff_b).get(url).content.decode()
    assert "Xếp loại chất lượng qua các năm" in html
    assert "Chi bộ Bản Din" in html and "Hoàn thành tốt nhiệm vụ" in html
    assert "Chi bộ Khu 1" not in html and "Hoàn thành xuất sắc nhiệm vụ" not in html

    html = login(district_staff).get(url).content.decode()
    assert "Chi bộ Khu 1" in html and "Chi bộ Bản Din" in html
    assert "Hoàn thành xuất sắc nhiệm vụ" in html and "Hoàn thành tốt nhiệm vụ" in html


def test_the_members_history_costs_the_same_queries_for_one_year_or_five(
    transferred, login, commune_b, hamlet_b
):
    from tests.dashboards.test_queries import queries_of

    member, _cell_a, cell_b = transferred
    staff_b = factories.UserFactory(username="xa-b-nl", place=commune_b, role=Role.STAFF)
    client = login(staff_b)
    url = reverse("admin:cells_partymember_change", args=[member.pk])
    _response, before = queries_of(client, url)
    for year in (2021, 2022, 2023):
        rate(year_round(commune_b, year), cell_b, member)

    response, after = queries_of(client, url)

    assert response.status_code == 200 and after == before


def test_the_old_commune_reads_the_record_with_its_own_years_only(
    transferred, login, officer_a, other_district_staff
):
    member, _cell_a, _cell_b = transferred
    url = reverse("admin:cells_partymember_change", args=[member.pk])

    # The member now lives in commune B; commune A keeps its history (issue
    # #16: the sending side reads the member it had), and only its own year.
    html = login(officer_a).get(url).content.decode()
    assert "Chi bộ Khu 1" in html and "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "Chi bộ Bản Din" not in html and "Hoàn thành tốt nhiệm vụ" not in html
    assert login(other_district_staff).get(url).status_code in (302, 404)


def test_each_cell_page_lists_its_own_year_of_the_transferred_member(
    transferred, login, district_staff
):
    _member, cell_a, cell_b = transferred
    client = login(district_staff)

    rows_a = client.get(reverse("dashboard-cell", args=[cell_a.pk])).context["cell_ratings"]
    rows_b = client.get(reverse("dashboard-cell", args=[cell_b.pk])).context["cell_ratings"]

    assert [(row.year, row.members) for row in rows_a] == [(2024, {RatingLevel.EXCELLENT: 1})]
    assert [(row.year, row.members) for row in rows_b] == [(2025, {RatingLevel.GOOD: 1})]


# --- reorganisations ---------------------------------------------------------------

COPIED_ON = D(2025, 7, 1)
MERGED_ON = D(2026, 7, 1)


def hamlet_with_cell(commune, name, members):
    hamlet = factories.HamletFactory(name=name, parent=commune)
    committee = factories.CommitteeFactory(place=commune)
    cell = factories.CellFactory(hamlet=hamlet, committee=committee, name=f"Chi bộ {name}")
    return hamlet, cell, [member_in(cell, full_name) for full_name in members]


@pytest.fixture
def reorganised(district, commune_a, commune_b):
    """Two hamlets' cells rated in 2024 in their communes; the communes
    merged on 01/07/2025 (each cell copied), the 2025 round rated in the
    copies; the two copied hamlets merged on 01/07/2026 into a new one."""
    staff = factories.UserFactory(username="qs-nl", place=district, role=Role.STAFF)
    hamlet_1, cell_1, members_1 = hamlet_with_cell(commune_a, "Khu 1", ["Lò Văn Pọm"])
    hamlet_2, cell_2, members_2 = hamlet_with_cell(commune_b, "Bản Din", ["Hà Văn Nọi"])
    round_a, round_b = year_round(commune_a, 2024), year_round(commune_b, 2024)
    rate(round_a, cell_1, score=88)
    rate(round_a, cell_1, members_1[0])
    rate(round_b, cell_2, score=72)
    rate(round_b, cell_2, members_2[0], RatingLevel.FAILED, 40)
    apply_reorganisation(
        plan=plan_reorganisation(
            user=staff,
            kind=Kind.MERGE,
            subject=Subject.COMMUNE,
            effective_on=COPIED_ON,
            predecessors=[commune_a, commune_b],
            successors=[NewPlace(name="Sơn Thủy", kind=PlaceKind.COMMUNE, code="15002")],
        )
    )
    new_commune = Place.objects.get(code="15002", valid_to=None)
    copy_1, copy_2 = Cell.objects.get(predecessors=cell_1), Cell.objects.get(predecessors=cell_2)
    round_2025 = year_round(new_commune, 2025)
    rate(round_2025, copy_1, score=91, level=RatingLevel.EXCELLENT)
    rate(round_2025, copy_1, members_1[0])
    rate(round_2025, copy_2, score=75)
    rate(round_2025, copy_2, members_2[0])
    apply_reorganisation(
        plan=plan_reorganisation(
            user=staff,
            kind=Kind.MERGE,
            subject=Subject.HAMLET,
            effective_on=MERGED_ON,
            predecessors=[copy_1.hamlet, copy_2.hamlet],
            successors=[NewPlace(name="Khu Đoàn Kết", kind=PlaceKind.URBAN_QUARTER)],
            decision_number="12/NQ-HĐND",
            decided_by="Hội đồng nhân dân xã Sơn Thủy",
        )
    )
    successor = Cell.objects.get(hamlet__name="Khu Đoàn Kết")
    return {
        "cells": (cell_1, cell_2),
        "copies": (copy_1, copy_2),
        "successor": successor,
        "commune": new_commune,
        "staff": staff,
    }


def test_a_cells_past_reaches_back_through_every_reorganisation(reorganised):
    (cell_1, cell_2), (copy_1, copy_2) = reorganised["cells"], reorganised["copies"]
    successor = reorganised["successor"]

    chains = predecessors_of_cells([successor, copy_1, cell_2])

    assert chains[successor.pk] == {successor.pk, copy_1.pk, copy_2.pk, cell_1.pk, cell_2.pk}
    assert chains[copy_1.pk] == {copy_1.pk, cell_1.pk}
    assert chains[cell_2.pk] == {cell_2.pk}


def test_the_successors_history_lists_its_predecessors_ratings(reorganised):
    successor = reorganised["successor"]

    rows = cell_history(chain_of(successor))

    assert [(row.year, row.cell_name, row.rating and row.rating.score) for row in rows] == [
        (2025, "Chi bộ Khu 1", 91),
        (2025, "Chi bộ Bản Din", 75),
        (2024, "Chi bộ Khu 1", 88),
        (2024, "Chi bộ Bản Din", 72),
    ]
    assert rows[3].members == {RatingLevel.FAILED: 1}


def test_the_successors_page_lists_its_predecessors_ratings(reorganised, login):
    client = login(reorganised["staff"])
    successor = reorganised["successor"]

    response = client.get(reverse("dashboard-cell", args=[successor.pk]))

    html = response.content.decode()
    assert "Xếp loại chất lượng qua các năm" in html
    assert [(row.year, row.cell_name) for row in response.context["cell_ratings"]] == [
        (2025, "Chi bộ Khu 1"),
        (2025, "Chi bộ Bản Din"),
        (2024, "Chi bộ Khu 1"),
        (2024, "Chi bộ Bản Din"),
    ]
    hamlet_page = client.get(reverse("dashboard-hamlet", args=[successor.hamlet_id]))
    assert len(hamlet_page.context["cell_ratings"]) == 4


def test_the_cells_page_shows_designations_with_the_checks_beside_the_decision(reorganised, login):
    successor = reorganised["successor"]
    four_good = Designation.objects.get(name="Chi bộ bốn tốt")
    copy_1 = reorganised["copies"][0]
    DesignationGrant.objects.create(
        designation=four_good,
        cell=copy_1,
        year=2025,
        granted=True,
        decided_by="Đảng ủy xã Sơn Thủy",
        document_number="45-QĐ/ĐU",
        document_date=D(2026, 1, 15),
    )

    response = login(reorganised["staff"]).get(reverse("dashboard-cell", args=[successor.pk]))

    rows = {(row.designation.name, row.year): row for row in response.context["designations"]}
    row = rows[("Chi bộ bốn tốt", 2025)]
    assert row.grant.granted and row.grant.document_number == "45-QĐ/ĐU"
    # The decision stands, and beside it what the records say: no meeting
    # entered, a member rated không hoàn thành in 2024 (not 2025).
    assert [check.passed for check in row.checks] == [False, False, True]
    html = response.content.decode()
    assert "Công nhận — 45-QĐ/ĐU (15/01/2026)" in html
    assert "thiếu tháng 01/2025" in html
    # Years without a decision still show the checks, for staff to decide.
    assert rows[("Chi bộ bốn tốt", 2026)].grant is None
    assert "Chưa có quyết định" in html


def test_the_cell_page_costs_the_same_queries_whatever_its_past(reorganised, login):
    from tests.dashboards.test_queries import queries_of

    client = login(reorganised["staff"])
    successor, commune = reorganised["successor"], reorganised["commune"]
    url = reverse("dashboard-cell", args=[successor.pk])
    _response, before = queries_of(client, url)
    four_good = Designation.objects.get(name="Chi bộ bốn tốt")
    for year in (2021, 2022, 2023):
        rating_round = year_round(commune, year)
        for cell in (*reorganised["cells"], *reorganised["copies"]):
            rate(rating_round, cell, member_in(cell, f"Vi Văn {year}{cell.pk}"))
            DesignationGrant.objects.create(designation=four_good, cell=cell, year=year)

    response, after = queries_of(client, url)

    assert len(response.context["cell_ratings"]) == 4 + 3 * 4
    assert after == before


def test_a_dissolved_cell_is_offered_no_year_after_it_stood(reorganised, login):
    old_cell = reorganised["cells"][0]  # dissolved on 30/06/2025 by the commune merger

    response = login(reorganised["staff"]).get(reverse("dashboard-cell", args=[old_cell.pk]))

    assert {row.year for row in response.context["designations"]} == {2025}
