"""The member record after a transfer: the receiving commune reads it (its
list would lose the member otherwise, who is registered where they used to
live), the sending commune keeps its history, a third commune sees
nothing; only the place the member is registered under changes it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.models import CellMembership, PartyMember
from transfers.constants import TemporaryReason, TransferKind
from transfers.models import Transfer
from transfers.services import save_transfer

from .conftest import transfer

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def moved(member, cell_a, cell_b):
    save_transfer(
        transfer(
            member,
            from_cell=cell_a,
            to_cell=cell_b,
            letter_date=D(2026, 3, 12),
            presented_on=D(2026, 3, 25),
        )
    )
    return member


def test_the_receiving_commune_reads_the_member(moved, officer_b, staff_b):
    assert list(PartyMember.objects.in_scope(officer_b)) == [moved]
    assert list(
        CellMembership.objects.in_scope(officer_b).values_list("cell__name", flat=True)
    ) == ["Chi bộ Bản Khuất"]
    # It reads, but the record is registered in commune A: staff B do not change it.
    assert not PartyMember.objects.editable_by(staff_b).exists()


def test_the_sending_commune_keeps_the_member_and_the_history(moved, officer_a, staff_a):
    assert list(PartyMember.objects.in_scope(officer_a)) == [moved]
    assert list(
        CellMembership.objects.in_scope(officer_a).values_list("end_reason", flat=True)
    ) == ["chuyen_sinh_hoat"]
    assert list(PartyMember.objects.editable_by(staff_a)) == [moved]


def test_a_third_commune_sees_nothing(moved, officer_other):
    assert not PartyMember.objects.in_scope(officer_other).exists()
    assert not Transfer.objects.in_scope(officer_other).exists()
    assert not CellMembership.objects.in_scope(officer_other).exists()


def test_both_sides_read_the_transfer(moved, officer_a, officer_b):
    assert Transfer.objects.in_scope(officer_a).count() == 1
    assert Transfer.objects.in_scope(officer_b).count() == 1


def test_a_member_attending_temporarily_is_read_by_the_receiving_side(
    member, cell_a, cell_other, officer_other
):
    save_transfer(
        transfer(
            member,
            kind=TransferKind.TEMPORARY,
            reason=TemporaryReason.RESIDENCE,
            from_cell=cell_a,
            to_cell=cell_other,
            letter_date=D(2026, 3, 12),
            presented_on=D(2026, 3, 20),
            end_date=D(2026, 12, 31),
        )
    )

    assert list(PartyMember.objects.in_scope(officer_other)) == [member]
    assert not CellMembership.objects.in_scope(officer_other).exists()


def test_a_letter_not_yet_presented_shows_the_member_to_nobody_new(
    member, cell_a, cell_b, officer_b
):
    save_transfer(transfer(member, from_cell=cell_a, to_cell=cell_b, letter_date=D(2026, 3, 12)))

    assert not PartyMember.objects.in_scope(officer_b).exists()
    assert Transfer.objects.in_scope(officer_b).count() == 1  # the transfer itself, expected


def test_the_read_rule_is_one_query_whatever_the_members(moved, officer_b, cell_b):
    from .conftest import member_in

    for number in range(5):
        member_in(cell_b, f"Lò Văn Số{number}")
    with CaptureQueriesContext(connection) as queries:
        rows = list(PartyMember.objects.in_scope(officer_b).select_related("person"))
    assert len(rows) == 6
    assert len(queries) == 1
