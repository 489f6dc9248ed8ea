"""Probationary members due for recognition as full members (chuyển đảng
viên chính thức).

Probation runs PROBATION_MONTHS (12) from the admission decision; it is
complete on the anniversary of admission (`PartyMember.probation_ends`; a
member admitted on 29 February completes it on 1 March of the next year),
and recognition is due from that day. A member is

* overdue: probation was complete before the date, and on the date they are
  still probationary (no date of full membership, or a later one) and have
  not left the party;
* due within N days: probation completes between the date and N days after
  it, both included (the 60-day window includes the 30-day one).

The rule is turned into bounds on `admitted_on`, so every list and count is
one indexed query whatever the number of members.
"""

import datetime

from django.db.models import Count, Q

from cells.constants import PROBATION_MONTHS
from core.periods import months_after

from .constants import RECOGNITION_WINDOW_DAYS, RecognitionWindow

ONE_DAY = datetime.timedelta(days=1)


def earliest_admission_completing_by(date):
    """The earliest admission date whose probation completes on or after
    `date`: probation ends grow with the admission date, so those admitted
    before it completed theirs before `date`."""
    day = months_after(date, -PROBATION_MONTHS)
    while months_after(day, PROBATION_MONTHS) < date:
        day += ONE_DAY
    while months_after(day - ONE_DAY, PROBATION_MONTHS) >= date:
        day -= ONE_DAY
    return day


def probationary_on(members, date):
    """`members` (a PartyMember queryset) admitted by `date`, not left, and
    not yet full members on it."""
    return members.members_on(date).filter(
        Q(full_member_on__isnull=True) | Q(full_member_on__gt=date)
    )


def window_q(window, date):
    """Q on `admitted_on` of the probationary members in `window`
    (RecognitionWindow) on `date`."""
    first_not_overdue = earliest_admission_completing_by(date)
    if window == RecognitionWindow.OVERDUE:
        return Q(admitted_on__lt=first_not_overdue)
    last_day = date + datetime.timedelta(days=RECOGNITION_WINDOW_DAYS[window])
    return Q(admitted_on__gte=first_not_overdue) & Q(
        admitted_on__lt=earliest_admission_completing_by(last_day + ONE_DAY)
    )


def awaiting_recognition(members, date, window):
    """The members of `members` in `window` on `date`."""
    return probationary_on(members, date).filter(window_q(window, date))


def recognition_counts(members, date):
    """{window value: count} of `members` on `date`, in one query."""
    windows = list(RecognitionWindow)
    counts = probationary_on(members, date).aggregate(
        **{f"window_{i}": Count("pk", filter=window_q(w, date)) for i, w in enumerate(windows)}
    )
    return {window.value: counts[f"window_{i}"] for i, window in enumerate(windows)}
