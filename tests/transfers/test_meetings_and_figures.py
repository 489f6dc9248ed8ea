"""A member attending a cell temporarily is expected at its meetings and
counted apart in the minutes (chính thức, dự bị, sinh hoạt tạm), but not in
the cell's member figures; transfers in and out of an area in a period."""

import datetime

import pytest
from django.urls import reverse

from meetings.constants import Standing
from meetings.models import Meeting
from portal.summary import area_figures
from tests import factories
from transfers.constants import TemporaryReason, TransferKind
from transfers.services import save_transfer
from transfers.summary import TransferSection

from .conftest import member_in, transfer

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def visitor(member, cell_a, cell_b):
    """Dũng of cell A attends cell B from 20/03/2026 to 28/02/2027 (study)."""
    save_transfer(
        transfer(
            member,
            kind=TransferKind.TEMPORARY,
            reason=TemporaryReason.STUDY,
            from_cell=cell_a,
            to_cell=cell_b,
            letter_date=D(2026, 3, 12),
            presented_on=D(2026, 3, 20),
            end_date=D(2027, 2, 28),
        )
    )
    return member


@pytest.fixture
def hosts(cell_b):
    return [
        member_in(cell_b, "Lò Văn Chính"),
        member_in(cell_b, "Lò Thị Bị", since=D(2026, 5, 19), full_member_on=None),
    ]


def test_the_receiving_cells_meeting_expects_the_visitor_counted_apart(
    visitor, hosts, cell_b, login, district_staff
):
    meeting = Meeting.objects.create(cell=cell_b, kind="thuong_ky", date=D(2026, 11, 10))

    standing = {m.person.full_name: m.standing for m in meeting.expected_members()}
    assert standing == {
        "Lò Văn Chính": Standing.FULL,
        "Lò Thị Bị": Standing.PROBATIONARY,
        "Hà Văn Dũng": Standing.TEMPORARY,
    }
    page = login(district_staff).get(
        reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    )
    counts = page.context["form"].counts_by_standing()
    assert counts == [
        ("Đảng viên chính thức", 1, 1),
        ("Đảng viên dự bị", 1, 1),
        ("Sinh hoạt tạm", 1, 1),
    ]
    assert "Sinh hoạt tạm" in page.content.decode()


def test_the_visitor_is_not_expected_after_the_stay(visitor, hosts, cell_b):
    meeting = Meeting.objects.create(cell=cell_b, kind="thuong_ky", date=D(2027, 3, 10))

    assert "Hà Văn Dũng" not in {m.person.full_name for m in meeting.expected_members()}


def test_the_home_cell_still_expects_its_member(visitor, cell_a):
    meeting = Meeting.objects.create(cell=cell_a, kind="thuong_ky", date=D(2026, 11, 10))

    assert [m.standing for m in meeting.expected_members()] == [Standing.FULL]


def test_the_visitor_is_not_in_the_receiving_communes_member_figures(
    visitor, hosts, commune_a, commune_b
):
    b = area_figures(commune_b, date=D(2026, 11, 10)).area
    a = area_figures(commune_a, date=D(2026, 11, 10)).area
    assert b["party_members"] == 2
    assert a["party_members"] == 1
    assert b["transfers_temporary"] == 1
    assert a["transfers_temporary"] == 0


def test_transfers_in_and_out_of_an_area_in_a_period(
    member, cell_a, cell_a2, cell_b, hamlet_b, commune_a, commune_b, district
):
    save_transfer(  # A → B, presented in April
        transfer(
            member, from_cell=cell_a, to_cell=cell_b, letter_date=D(2026, 3, 12),
            presented_on=D(2026, 4, 2),
        )
    )  # fmt: skip
    inside = member_in(cell_a, "Lê Văn Trong")
    save_transfer(  # within commune A: neither in nor out for A
        transfer(
            inside, from_cell=cell_a, to_cell=cell_a2, letter_date=D(2026, 4, 1),
            presented_on=D(2026, 4, 3),
        )
    )  # fmt: skip
    newcomer = factories.PartyMemberFactory(
        person=factories.PersonFactory(full_name="Lò Thị Hoa", place=hamlet_b)
    )
    save_transfer(  # from outside into B, late: presented 45 days after the letter
        transfer(
            newcomer, from_outside="Tỉnh Nghệ An", to_cell=cell_b, moved_on=D(2026, 2, 2),
            requested_on=D(2026, 2, 3), letter_date=D(2026, 2, 20), presented_on=D(2026, 4, 6),
        )
    )  # fmt: skip
    section = TransferSection()
    april = section.area(commune_a, D(2026, 4, 30), None)  # the month of the date

    assert april == {
        "transfers_in": 0,
        "transfers_out": 1,
        "transfers_temporary": 0,
        "transfers_late": 0,
    }
    figures_b = area_figures(commune_b, date=D(2026, 4, 30)).area
    assert (figures_b["transfers_in"], figures_b["transfers_out"]) == (2, 0)
    whole, rows = section.with_communes(district, D(2026, 4, 30), None)
    assert (whole["transfers_in"], whole["transfers_out"]) == (1, 0)  # from outside only
    assert rows[commune_a.pk] == april
    assert rows[commune_b.pk] == section.area(commune_b, D(2026, 4, 30), None)
    assert section.area(commune_b, D(2026, 2, 28), None)["transfers_late"] == 1
