"""Members counted at a date split into full members (chính thức: recognised
on or before the date) and probationary members (dự bị: admitted, not yet
full on the date), on every surface of the figures."""

import datetime

import pytest
from django.utils import timezone

from cells.constants import MembershipEndReason
from cells.models import PartyMember
from cells.summary import CellSection
from portal.summary import area_figures
from tests import factories
from tests.figure_surfaces import every_surface

D = datetime.date
END_2023 = D(2023, 12, 31)


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def member_in(cell, admitted, full=None, **extra):
    member = factories.PartyMemberFactory(
        person__place=cell.hamlet, admitted_on=admitted, full_member_on=full, **extra
    )
    factories.CellMembershipFactory(member=member, cell=cell, start_date=admitted)
    return member


@pytest.fixture
def members(district, commune_a, commune_b, hamlet_a, hamlet_b):
    """Sơn Lư: full since 2006; admitted 01/03/2023, full 01/03/2024; full
    exactly on 31/12/2023; admitted 01/11/2023, never recognised. Trung
    Xuân: full since 2011; one who left the party in 2023 (neither)."""
    cell_a = factories.CellFactory(hamlet=hamlet_a)
    cell_b = factories.CellFactory(hamlet=hamlet_b)
    member_in(cell_a, D(2005, 3, 1), D(2006, 3, 1))
    member_in(cell_a, D(2023, 3, 1), D(2024, 3, 1))
    member_in(cell_a, D(2022, 12, 31), END_2023)
    member_in(cell_a, D(2023, 11, 1))
    member_in(cell_b, D(2010, 5, 19), D(2011, 5, 19))
    member_in(
        cell_b,
        D(2015, 1, 1),
        D(2016, 1, 1),
        left_on=D(2023, 6, 30),
        left_reason=MembershipEndReason.LEFT,
    )
    return district


def split(figures):
    return figures["party_members"], figures["full_members"], figures["probationary_members"]


def test_full_members_are_those_recognised_by_the_date(members, commune_a, commune_b):
    assert split(area_figures(members, date=END_2023).area) == (5, 3, 2)
    assert split(area_figures(commune_a, date=END_2023).area) == (4, 2, 2)
    assert split(area_figures(commune_b, date=END_2023).area) == (1, 1, 0)


def test_the_day_before_recognition_the_member_is_still_probationary(members, commune_a):
    assert split(area_figures(commune_a, date=D(2023, 12, 30)).area) == (4, 1, 3)


def test_after_recognition_the_member_counts_as_full(members, commune_a):
    assert split(area_figures(commune_a, date=D(2024, 3, 1)).area) == (4, 3, 1)


def test_the_parts_add_up_to_the_total_at_the_end_of_2023_and_today(area, district):
    """On the shared area of the dashboards and reports (no one recognised:
    everyone probationary) and with recognitions added."""
    today = timezone.localdate()
    for member in PartyMember.objects.order_by("pk")[:3]:
        member.full_member_on = member.admitted_on + datetime.timedelta(days=365)
        member.save()
    for date in (END_2023, today):
        figures, rows = area_figures(district, date=date, communes=True)
        total, full, probationary = split(figures)
        assert total > 0 and full > 0
        assert full + probationary == total, date
        for row in rows.values():
            total, full, probationary = split(row)
            assert full + probationary == total, (row["place_name"], date)


def test_each_communes_split_equals_its_own(members, commune_a, commune_b):
    _area, rows = area_figures(members, date=END_2023, communes=True)

    for commune in (commune_a, commune_b):
        assert split(rows[commune.pk]) == split(area_figures(commune, date=END_2023).area)


def test_a_commune_with_nothing_has_a_zero_split(commune_a):
    assert split(CellSection().zero(END_2023, None)) == (0, 0, 0)
    assert split(area_figures(commune_a, date=END_2023).area) == (0, 0, 0)


def test_every_surface_gives_the_split(members, client, district_staff, commune_a):
    client.force_login(district_staff)

    for place, expected in ((members, (5, 3, 2)), (commune_a, (4, 2, 2))):
        figures, rows = every_surface(client, district_staff, place, "2023")
        for surface, given in figures.items():
            assert split(given) == expected, (surface, place)
        for surface, given in rows.items():
            assert [split(row) for row in given] == [(4, 2, 2), (1, 1, 0)], surface


def test_the_dashboard_shows_the_split_under_members(members, client, district_staff):
    client.force_login(district_staff)

    response = client.get(f"/dashboard/{members.code}/", {"date": "2023-12-31"})

    html = response.content.decode()
    assert "Đảng viên chính thức" in html and "Đảng viên dự bị" in html
