"""The one write path of a transfer: validated (Transfer.clean), saved and,
once due, applied to the cell memberships, all in one transaction. The
admin, the API and the demo call `save_transfer`."""

from django.db import transaction

from cells.constants import MembershipEndReason

from .models import Transfer


@transaction.atomic
def save_transfer(transfer, *, validate=True):
    """Validate `transfer` (every rule of Transfer.clean), save it and apply
    it to the cell memberships once it is due (Transfer.due): a permanent
    transfer between cells of the portal, once presented, ends the member's
    membership at the sending cell the day before (reason "chuyển sinh
    hoạt") and starts one at the receiving cell that day; one from outside
    only starts it; one leaving the portal ends it on the letter's date. A
    temporary transfer leaves the memberships alone (the member attends the
    receiving cell: Transfer.objects.temporary_at). Raises ValidationError,
    writing nothing, on bad input. `validate=False` for a caller that has
    just run full_clean (the admin's form, the API's serializer)."""
    if validate:
        transfer.full_clean()
    transfer.save()
    if transfer.due() and _claim(transfer):
        _apply(transfer)
    return transfer


def _claim(transfer):
    """Mark the transfer applied by a conditional UPDATE: of two saves at
    once, only the one that flips the flag changes the memberships."""
    claimed = Transfer.objects.filter(pk=transfer.pk, memberships_changed=False).update(
        memberships_changed=True
    )
    transfer.memberships_changed = True
    return claimed == 1


def _apply(transfer):
    if transfer.from_cell_id is not None:
        origin = transfer.origin_membership()
        origin.end_date = transfer.last_day_at_origin()
        origin.end_reason = MembershipEndReason.TRANSFERRED
        origin.save()
    if transfer.to_cell_id is not None:
        transfer.new_membership().save()
