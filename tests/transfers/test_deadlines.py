"""Deadlines: the request within 60 working days of the move (Monday to
Friday, less Vietnam's public holidays, Tết included), the letter presented
within 30 days of its date; shown and flagged when late."""

import datetime

import pytest

from transfers.models import Transfer
from transfers.services import save_transfer
from transfers.workdays import add_working_days, is_working_day

from .conftest import transfer

D = datetime.date


def test_a_weekend_is_not_counted():
    # Friday 04/12/2026: the next working day is Monday 07/12.
    assert add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 7)
    assert add_working_days(D(2026, 12, 4), 5) == D(2026, 12, 11)


def test_tet_is_not_counted():
    # Tết 2026: 16–20/02 (Monday to Friday) are holidays; Friday 13/02 + 1
    # working day skips the weekend and the whole week of Tết.
    assert not is_working_day(D(2026, 2, 17))
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)


def test_sixty_working_days_across_tet_and_weekends():
    # From Friday 02/01/2026: January has 20 working days left after the
    # 2nd (05/01–30/01), February 15 (02–13/02 and 23–27/02; Tết 16–20/02
    # is out), March 22 (02–31/03), then 3 more in April: Friday 03/04.
    # Counting every weekday would end on 27/03.
    assert add_working_days(D(2026, 1, 2), 60) == D(2026, 4, 3)


@pytest.mark.django_db
def test_the_request_deadline_and_its_flag(member, cell_a, cell_b):
    moved = transfer(
        member, from_cell=cell_a, to_cell=cell_b, moved_on=D(2026, 1, 2), requested_on=D(2026, 4, 3)
    )
    save_transfer(moved)

    assert moved.request_due == D(2026, 4, 3)
    assert not moved.request_late
    assert Transfer.objects.late(D(2026, 4, 3)).count() == 0
    moved.requested_on = D(2026, 4, 6)
    save_transfer(moved)
    assert moved.request_late
    assert list(Transfer.objects.late(D(2026, 4, 6))) == [moved]


@pytest.mark.django_db
def test_the_presentation_deadline_is_thirty_days_from_the_letter(member, cell_a, cell_b):
    moved = transfer(member, from_cell=cell_a, to_cell=cell_b, letter_date=D(2026, 3, 12))
    save_transfer(moved)

    assert moved.presentation_due == D(2026, 4, 11)
    assert not moved.presentation_late(today=D(2026, 4, 11))
    assert moved.presentation_late(today=D(2026, 4, 12))  # not presented, deadline passed
    assert Transfer.objects.late(D(2026, 4, 11)).count() == 0
    assert Transfer.objects.late(D(2026, 4, 12)).count() == 1


@pytest.mark.django_db
def test_a_letter_presented_late_stays_flagged(member, cell_a, cell_b):
    moved = transfer(
        member,
        from_cell=cell_a,
        to_cell=cell_b,
        letter_date=D(2026, 3, 12),
        presented_on=D(2026, 4, 20),
    )
    save_transfer(moved)

    assert moved.is_late(today=D(2026, 12, 7))
    assert Transfer.objects.late(D(2026, 12, 7)).count() == 1
