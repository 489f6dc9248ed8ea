"""Bad input is refused with a clear Vietnamese message and writes nothing:
no destination, overlapping transfers, a member under inspection or with a
pending complaint, a temporary stay too long or too short, a letter
presented before its date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cells.models import CellMembership
from members.constants import CaseKind
from members.models import MemberCase
from transfers.constants import TemporaryReason, TransferKind
from transfers.models import Transfer
from transfers.services import save_transfer

from .conftest import transfer

pytestmark = pytest.mark.django_db


def refused(candidate):
    """The messages of the refusal; asserts nothing was written."""
    memberships = list(CellMembership.objects.values_list("pk", "end_date", "end_reason"))
    transfers = Transfer.objects.count()
    with pytest.raises(ValidationError) as error:
        save_transfer(candidate)
    assert Transfer.objects.count() == transfers
    assert list(CellMembership.objects.values_list("pk", "end_date", "end_reason")) == memberships
    return " ".join(error.value.messages)


def test_a_transfer_out_of_the_portal_without_a_destination_is_refused(member, cell_a):
    message = refused(transfer(member, from_cell=cell_a))

    assert "Chưa có nơi chuyển đến" in message
    assert Transfer.objects.count() == 0


def test_a_transfer_with_a_destination_outside_the_portal_is_accepted(member, cell_a):
    save_transfer(transfer(member, from_cell=cell_a, to_outside="Chi bộ Tổ 3, Phường Hạc Thành"))

    assert Transfer.objects.count() == 1


def test_a_transfer_without_an_origin_is_refused(member, cell_b):
    assert "Chưa có nơi chuyển đi" in refused(transfer(member, to_cell=cell_b))


def test_a_transfer_between_two_places_outside_the_portal_is_refused(member):
    message = refused(transfer(member, from_outside="Tỉnh Nghệ An", to_outside="Tỉnh Hà Tĩnh"))

    assert "ngoài cổng" in message


def test_an_overlapping_transfer_of_the_same_member_is_refused(member, cell_a, cell_b):
    save_transfer(transfer(member, from_cell=cell_a, to_cell=cell_b))  # not yet presented: open

    second = transfer(
        member,
        from_cell=cell_a,
        to_outside="Đảng bộ Quân sự tỉnh",
        moved_on=datetime.date(2026, 5, 4),
        requested_on=datetime.date(2026, 5, 5),
    )
    message = refused(second)

    assert "trùng thời gian" in message
    assert Transfer.objects.count() == 1


def test_a_transfer_after_the_previous_one_ended_is_accepted(member, cell_a, cell_a2):
    save_transfer(
        transfer(
            member,
            kind=TransferKind.TEMPORARY,
            reason=TemporaryReason.RESIDENCE,
            from_cell=cell_a,
            to_cell=cell_a2,
            letter_date=datetime.date(2026, 3, 12),
            presented_on=datetime.date(2026, 3, 20),
            end_date=datetime.date(2026, 8, 31),
        )
    )
    save_transfer(
        transfer(
            member,
            from_cell=cell_a,
            to_outside="Đảng bộ Quân sự tỉnh",
            moved_on=datetime.date(2026, 9, 1),
            requested_on=datetime.date(2026, 9, 2),
        )
    )

    assert Transfer.objects.count() == 2


@pytest.mark.parametrize("kind", [CaseKind.INSPECTION, CaseKind.COMPLAINT])
def test_a_member_with_an_open_case_on_the_request_date_is_refused(member, cell_a, cell_b, kind):
    MemberCase.objects.create(member=member, kind=kind, opened_on=datetime.date(2026, 2, 1))

    message = refused(transfer(member, from_cell=cell_a, to_cell=cell_b))

    assert "Hà Văn Dũng" in message
    assert "chưa được chuyển sinh hoạt" in message
    assert "01/02/2026" in message


def test_a_case_closed_before_the_request_does_not_hold_the_transfer(member, cell_a, cell_b):
    MemberCase.objects.create(
        member=member,
        kind=CaseKind.INSPECTION,
        opened_on=datetime.date(2026, 1, 5),
        closed_on=datetime.date(2026, 3, 9),
    )

    save_transfer(transfer(member, from_cell=cell_a, to_cell=cell_b))

    assert Transfer.objects.count() == 1


@pytest.mark.parametrize(
    "reason,end_date,accepted",
    [
        (TemporaryReason.RESIDENCE, datetime.date(2027, 3, 2), True),  # 12 months to the day
        (TemporaryReason.RESIDENCE, datetime.date(2027, 3, 3), False),  # a day over a year
        (TemporaryReason.RESIDENCE, datetime.date(2026, 6, 1), False),  # under 3 months
        (TemporaryReason.STUDY, datetime.date(2028, 3, 2), True),  # 24 months
        (TemporaryReason.STUDY, datetime.date(2028, 3, 3), False),
        (TemporaryReason.STUDY, datetime.date(2026, 6, 2), True),  # 3 months
    ],
)
def test_a_temporary_stay_must_fit_the_bounds_of_its_reason(
    member, cell_a, cell_b, reason, end_date, accepted
):
    candidate = transfer(
        member,
        kind=TransferKind.TEMPORARY,
        reason=reason,
        from_cell=cell_a,
        to_cell=cell_b,
        end_date=end_date,
    )
    if accepted:
        save_transfer(candidate)
        assert Transfer.objects.count() == 1
    else:
        message = refused(candidate)
        assert "Sinh hoạt tạm thời vì" in message
        assert "tháng kể từ ngày chuyển" in message


def test_a_temporary_transfer_needs_a_reason_and_an_end(member, cell_a, cell_b):
    no_reason = transfer(member, kind=TransferKind.TEMPORARY, from_cell=cell_a, to_cell=cell_b)
    assert "phải ghi lý do" in refused(no_reason)
    no_end = transfer(
        member,
        kind=TransferKind.TEMPORARY,
        reason=TemporaryReason.STUDY,
        from_cell=cell_a,
        to_cell=cell_b,
    )
    assert "phải có ngày kết thúc" in refused(no_end)


def test_a_letter_presented_before_its_date_is_refused(member, cell_a, cell_b):
    message = refused(
        transfer(
            member,
            from_cell=cell_a,
            to_cell=cell_b,
            letter_date=datetime.date(2026, 3, 20),
            presented_on=datetime.date(2026, 3, 19),
        )
    )

    assert "Ngày nộp giấy giới thiệu (19/03/2026) không được trước ngày của giấy (20/03/2026)" in (
        message
    )
    assert Transfer.objects.count() == 0


def test_the_member_must_belong_to_the_sending_cell(member, cell_a2, cell_b):
    message = refused(transfer(member, from_cell=cell_a2, to_cell=cell_b))

    assert "không sinh hoạt ở chi bộ chuyển đi" in message


def test_the_same_cell_at_both_ends_is_refused(member, cell_a):
    assert "trùng chi bộ chuyển đi" in refused(transfer(member, from_cell=cell_a, to_cell=cell_a))
