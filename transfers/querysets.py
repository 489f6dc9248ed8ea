"""Queries about many transfers. A transfer concerns two places: it is read
where the member is registered, at the sending cell and at the receiving
cell (both sides follow it); it is changed only by staff under whose place
every end of it inside the portal lies (a commune's staff move members
between its own cells or to and from outside the portal; between two
communes, the province's staff, their common superior)."""

from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone

from cells.querysets import ScopedQuerySet, active_on

from .constants import TransferKind, TransferStatus

SIDES = ("member__person__place__path", "from_cell__path", "to_cell__path")


def attending_within(place):
    """Q over PartyMember: attends (or attended) a cell under `place`
    temporarily ("sinh hoạt tạm") after presenting the letter there."""
    from .models import Transfer

    stays = Transfer.objects.filter(
        Transfer.objects.within_condition(place, "to_cell__path"),
        kind=TransferKind.TEMPORARY,
        presented_on__isnull=False,
        member=OuterRef("pk"),
    )
    return Q(Exists(stays))


class TransferQuerySet(ScopedQuerySet):
    scope_path = "member__person__place__path"

    def within(self, place):
        condition = Q()
        for lookup in SIDES:
            condition |= self.within_condition(place, lookup)
        return self.filter(condition)

    def under(self, place):
        """Every end inside the portal under `place` as it stands now (the
        rows `writable_within`, as for every model): a transfer from a cell
        that a reorganisation closed stays with that cell's history."""
        path = place.path
        origin = Q(from_cell__isnull=True) & self._under(path, "member__person__place__path")
        origin |= Q(from_cell__isnull=False) & self._under(path, "from_cell__path")
        destination = Q(to_cell__isnull=True) | self._under(path, "to_cell__path")
        return self.filter(origin, destination)

    def with_period_end(self):
        """Annotate `runs_until`, as Transfer.period_end: the end date of a
        temporary transfer, the day a permanent one was presented."""
        return self.annotate(
            runs_until=Case(
                When(kind=TransferKind.TEMPORARY, then=F("end_date")), default=F("presented_on")
            )
        )

    def temporary_at(self, cell_id, date):
        """Temporary stays at the cell running on `date` (from the day the
        letter was presented to the end date)."""
        return self.filter(
            active_on(date, "presented_on", "end_date"),
            kind=TransferKind.TEMPORARY,
            to_cell_id=cell_id,
        )

    def late(self, today=None):
        """Requested after the deadline, or the letter presented after it
        (or not yet presented and the deadline passed)."""
        today = today or timezone.localdate()
        return self.filter(self.late_condition(today))

    @staticmethod
    def late_condition(today):
        return (
            Q(requested_on__gt=F("request_due"))
            | Q(presented_on__gt=F("presentation_due"))
            | Q(presented_on__isnull=True, presentation_due__lt=today)
        )

    def with_status(self, status, today=None):
        today = today or timezone.localdate()
        conditions = {
            TransferStatus.WAITING_LETTER: Q(letter_date__isnull=True, presented_on__isnull=True),
            TransferStatus.WAITING_PRESENTATION: Q(
                letter_date__isnull=False, presented_on__isnull=True
            ),
            TransferStatus.PRESENTED: Q(presented_on__isnull=False)
            & ~Q(kind=TransferKind.TEMPORARY, end_date__lt=today),
            TransferStatus.ENDED: Q(
                presented_on__isnull=False, kind=TransferKind.TEMPORARY, end_date__lt=today
            ),
        }
        return self.filter(conditions[status])
