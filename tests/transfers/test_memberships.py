"""What a transfer does to the cell memberships, through the one service:
a permanent transfer within the portal, once presented, ends the member's
membership at the sending cell the day before and starts one at the
receiving cell; leaving the portal ends it on the letter's date; a
temporary transfer keeps the home membership."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cells.constants import MembershipEndReason
from cells.models import CellMembership
from tests import factories
from transfers.constants import TemporaryReason, TransferKind
from transfers.models import Transfer
from transfers.services import save_transfer

from .conftest import transfer

pytestmark = pytest.mark.django_db
D = datetime.date


def memberships(member):
    return list(
        CellMembership.objects.filter(member=member)
        .order_by("start_date")
        .values_list("cell__name", "start_date", "end_date", "end_reason")
    )


def test_a_presented_permanent_transfer_moves_the_membership(member, cell_a, cell_b):
    moved = transfer(member, from_cell=cell_a, to_cell=cell_b, letter_date=D(2026, 3, 12))
    save_transfer(moved)
    assert memberships(member) == [("Chi bộ Khu 1", D(2010, 5, 19), None, "")]

    moved.presented_on = D(2026, 3, 25)
    save_transfer(moved)

    assert memberships(member) == [
        ("Chi bộ Khu 1", D(2010, 5, 19), D(2026, 3, 24), MembershipEndReason.TRANSFERRED),
        ("Chi bộ Bản Khuất", D(2026, 3, 25), None, ""),
    ]
    save_transfer(moved)  # saved again: nothing more happens
    assert len(memberships(member)) == 2


def test_leaving_the_portal_ends_the_membership_on_the_letters_date(member, cell_a):
    save_transfer(
        transfer(
            member,
            from_cell=cell_a,
            to_outside="Đảng bộ Phường Hạc Thành",
            letter_date=D(2026, 3, 12),
        )
    )

    assert memberships(member) == [
        ("Chi bộ Khu 1", D(2010, 5, 19), D(2026, 3, 12), MembershipEndReason.TRANSFERRED)
    ]


def test_a_member_from_outside_starts_at_the_receiving_cell(cell_b, hamlet_b):
    person = factories.PersonFactory(full_name="Lò Thị Hoa", place=hamlet_b)
    newcomer = factories.PartyMemberFactory(person=person, admitted_on=D(2015, 2, 3))

    save_transfer(
        transfer(
            newcomer,
            from_outside="Đảng bộ xã Mường Lát",
            to_cell=cell_b,
            letter_date=D(2026, 3, 12),
            presented_on=D(2026, 3, 20),
        )
    )

    assert memberships(newcomer) == [("Chi bộ Bản Khuất", D(2026, 3, 20), None, "")]


def test_a_temporary_transfer_keeps_the_home_membership(member, cell_a, cell_b):
    save_transfer(
        transfer(
            member,
            kind=TransferKind.TEMPORARY,
            reason=TemporaryReason.STUDY,
            from_cell=cell_a,
            to_cell=cell_b,
            letter_date=D(2026, 3, 12),
            presented_on=D(2026, 3, 20),
            end_date=D(2027, 3, 1),
        )
    )

    assert memberships(member) == [("Chi bộ Khu 1", D(2010, 5, 19), None, "")]
    assert list(
        Transfer.objects.temporary_at(cell_b.pk, D(2026, 12, 7)).values_list("member", flat=True)
    ) == [member.pk]
    assert not Transfer.objects.temporary_at(cell_b.pk, D(2027, 3, 2)).exists()


def test_a_clash_at_the_receiving_cell_writes_nothing(member, cell_a, cell_b):
    # Someone already recorded the member at cell B from 01/04: the transfer
    # cannot start another membership there, and ends nothing at cell A.
    # (Cell A's membership ends first: PostgreSQL refuses two at a time.)
    CellMembership.objects.filter(member=member, cell=cell_a).update(end_date=D(2026, 3, 31))
    factories.CellMembershipFactory(member=member, cell=cell_b, start_date=D(2026, 4, 1))
    moved = transfer(
        member,
        from_cell=cell_a,
        to_cell=cell_b,
        letter_date=D(2026, 3, 12),
        presented_on=D(2026, 3, 25),
    )

    with pytest.raises(ValidationError) as error:
        save_transfer(moved)

    assert "đã có sinh hoạt ở một chi bộ khác" in " ".join(error.value.messages)
    assert Transfer.objects.count() == 0
    assert CellMembership.objects.get(member=member, cell=cell_a).end_date == D(2026, 3, 31)


def test_an_applied_transfer_can_no_longer_change_its_cells_or_dates(
    member, cell_a, cell_b, cell_a2
):
    moved = transfer(
        member,
        from_cell=cell_a,
        to_cell=cell_b,
        letter_date=D(2026, 3, 12),
        presented_on=D(2026, 3, 25),
    )
    save_transfer(moved)

    moved.to_cell = cell_a2
    with pytest.raises(ValidationError) as error:
        save_transfer(moved)
    assert "đã ghi vào sinh hoạt chi bộ" in " ".join(error.value.messages)
    assert Transfer.objects.get().to_cell == cell_b
    moved.to_cell = cell_b
    moved.note = "Đã nhận hồ sơ"
    save_transfer(moved)  # the rest stays editable
    assert Transfer.objects.get().note == "Đã nhận hồ sơ"
