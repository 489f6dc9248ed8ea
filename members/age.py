"""Party age (tuổi đảng): time in the party from the admission decision,
less the periods the rules take out of it.

Taken out:

* the gaps on record (MembershipGap): expulsion or striking off before a
  re-admission, lost contact, an unfinished transfer entered by hand;
* the unfinished part of a transfer the portal saw: when a membership ended
  with "chuyển sinh hoạt" and the next one started more than
  `TRANSFER_GRACE_DAYS` later, the days past that grace (the rules give 30
  days to present the letter) did not count.

Years are whole years to the anniversary of the admission date moved on by
the days taken out; a member admitted on 29 February has an anniversary on
1 March in a common year (the 28th is still the day before).
"""

from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta

from django.utils.translation import gettext as _

from cells.constants import MembershipEndReason
from cells.models import CellMembership

from .constants import GapKind
from .models import MembershipGap

TRANSFER_GRACE_DAYS = 30


@dataclass(frozen=True)
class Gap:
    kind: str
    start: Date
    end: Date  # inclusive, cut at the date the age is counted on

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def label(self):
        return GapKind(self.kind).label


@dataclass
class PartyAge:
    """A member's party age on `date`, with the calculation behind it."""

    admitted_on: Date
    date: Date
    gaps: list = field(default_factory=list)

    @property
    def days_out(self):
        return sum(gap.days for gap in self.gaps)

    @property
    def counted_from(self):
        """The admission date moved on by the days taken out."""
        return self.admitted_on + timedelta(days=self.days_out)

    @property
    def years(self):
        return whole_years(self.counted_from, self.date)

    def on(self, date):
        """The age on an earlier `date` (a member's death): the gaps cut
        at it, with no second query."""
        gaps = [
            Gap(gap.kind, gap.start, min(gap.end, date)) for gap in self.gaps if gap.start <= date
        ]
        return PartyAge(self.admitted_on, date, gaps)

    def explanation(self):
        """The calculation in words, for the member's page."""
        lines = [_("Vào Đảng ngày %(date)s.") % {"date": f"{self.admitted_on:%d/%m/%Y}"}]
        for gap in self.gaps:
            lines.append(
                _("Trừ %(days)s ngày từ %(start)s đến %(end)s (%(reason)s).")
                % {
                    "days": gap.days,
                    "start": f"{gap.start:%d/%m/%Y}",
                    "end": f"{gap.end:%d/%m/%Y}",
                    "reason": gap.label,
                }
            )
        lines.append(
            _("Tuổi đảng đến ngày %(date)s: %(years)s năm.")
            % {"date": f"{self.date:%d/%m/%Y}", "years": self.years}
        )
        return lines


def whole_years(start, date):
    """Whole years from `start` to `date`, the anniversary counting; a
    29 February start reaches its anniversary on 1 March of a common year."""
    if date < start:
        return 0
    before_anniversary = (date.month, date.day) < (start.month, start.day)
    return date.year - start.year - before_anniversary


def party_ages(members, date):
    """{member id: PartyAge on `date`} for `members` (PartyMember rows).
    Two queries, whatever their number."""
    ids = [member.pk for member in members]
    gaps = {member_id: [] for member_id in ids}
    for gap in recorded_gaps(ids, date):
        gaps[gap[0]].append(gap[1])
    for member_id, gap in transfer_gaps(ids, date):
        gaps[member_id].append(gap)
    return {
        member.pk: PartyAge(member.admitted_on, date, _without_overlaps(gaps[member.pk]))
        for member in members
    }


def party_age(member, date):
    return party_ages([member], date)[member.pk]


def recorded_gaps(member_ids, date):
    rows = MembershipGap.objects.filter(member_id__in=member_ids, start_date__lte=date)
    for row in rows.order_by("start_date"):
        end = min(row.end_date or date, date)
        yield row.member_id, Gap(row.kind, row.start_date, end)


def transfer_gaps(member_ids, date):
    """The days past the grace between leaving a cell by transfer and
    joining the next one (or `date`, when none has been joined yet)."""
    memberships = (
        CellMembership.objects.filter(member_id__in=member_ids, start_date__lte=date)
        .order_by("member_id", "start_date")
        .values_list("member_id", "start_date", "end_date", "end_reason")
    )
    previous = {}
    for member_id, start, end, reason in memberships:
        left = previous.get(member_id)
        if left is not None:
            gap = _late_part(left, start - timedelta(days=1))
            if gap:
                yield member_id, gap
        previous[member_id] = None
        if end is not None and reason == MembershipEndReason.TRANSFERRED and end < date:
            previous[member_id] = end
    for member_id, left in previous.items():
        if left is not None:
            gap = _late_part(left, date)
            if gap:
                yield member_id, gap


def _late_part(left_on, last_day_out):
    first_late_day = left_on + timedelta(days=TRANSFER_GRACE_DAYS + 1)
    if last_day_out < first_late_day:
        return None
    return Gap(GapKind.UNFINISHED_TRANSFER, first_late_day, last_day_out)


def _without_overlaps(gaps):
    """Gaps in date order, a day counted once where two overlap."""
    merged = []
    for gap in sorted(gaps, key=lambda gap: gap.start):
        if merged and gap.start <= merged[-1].end:
            last = merged[-1]
            if gap.end > last.end:
                merged[-1] = Gap(last.kind, last.start, gap.end)
            continue
        merged.append(gap)
    return merged
