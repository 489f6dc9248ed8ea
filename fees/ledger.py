"""The fee ledger: for each member and month, what is due (from the basis,
the rate and any relief), what was paid and the balance; the arrears; the
warning list; the totals of an area.

Which months a member owes: those in which they belonged to a cell on some
day, having been admitted by the month's end and not left the party before
its first day.

What is due in a month, in this order:
1. the latest basis (FeeBasis) on or before the month; none: nothing is
   computed (the cell has not set it), the month shows as "no basis";
2. the rate (FeeRate) of the basis's kind in force in the month: a
   percentage of the basis amount, a fixed amount, or (neither) the basis
   amount itself;
3. exempt (0) from the month the member reaches 50 years of party age
   (members.age: the party age with its gaps, counted at the ledger's last
   day), or in a month an exemption decision covers; reduced by 30/50/70%
   in a month a reduction covers.

Rounding (money is whole đồng, computed with Decimal, never floats): every
percentage is rounded to the nearest đồng, half a đồng up (ROUND_HALF_UP),
once for the rate and once for a reduction.

Queries: a fixed number whatever the number of members and months (the
members, their memberships, bases, reliefs, payments, the rates, and two
for party ages): see `Ledger.build`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from cells.models import CellMembership, PartyMember
from members.age import party_ages, whole_years

from .constants import EXEMPT_PARTY_YEARS, WARNING_UNPAID_MONTHS, ReliefKind
from .models import FeeBasis, FeePayment, FeeRate, FeeRelief, last_of_month

HUNDRED = Decimal(100)


def whole_dong(value):
    """Round a Decimal amount to whole đồng, half up."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def month_list(first, last):
    """The first days of the months from `first`'s to `last`'s, inclusive."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def fee_of(basis, rate):
    """The monthly fee of `basis` under `rate`, before reliefs."""
    if rate.percent is not None:
        return whole_dong(Decimal(basis.amount) * rate.percent / HUNDRED)
    if rate.amount is not None:
        return rate.amount
    return basis.amount


def reduced(amount, percent):
    return whole_dong(Decimal(amount) * (HUNDRED - percent) / HUNDRED)


@dataclass
class MonthRow:
    """One member's month in the ledger."""

    member_id: int
    month: datetime.date
    due: int | None  # None: no basis recorded for the month
    paid: int = 0
    basis: object = None
    relief: object = None  # the FeeRelief covering the month
    exempt_for_age: bool = False
    payment: object = None

    @property
    def balance(self):
        """What is still owed (negative when more was paid)."""
        return (self.due or 0) - self.paid

    @property
    def has_reason(self):
        """An unpaid month with a reason: a relief decision or the age."""
        return self.relief is not None or self.exempt_for_age

    @property
    def unpaid(self):
        """Owed and not (fully) paid, without a reason."""
        return bool(self.due) and self.paid < self.due and not self.has_reason

    @property
    def note(self):
        if self.exempt_for_age:
            return _("Miễn: tuổi đảng từ %(years)s năm") % {"years": EXEMPT_PARTY_YEARS}
        if self.relief is not None:
            relief = self.relief
            what = relief.get_kind_display()
            if relief.kind == ReliefKind.REDUCE:
                what = f"{what} {relief.percent}%"
            return f"{what}: {relief.get_reason_display()} ({relief.decision_number})"
        if self.due is None:
            return _("Chưa có căn cứ đóng")
        return ""


@dataclass
class Ledger:
    members: list  # PartyMember rows (person joined), in list order
    months: list
    rows: dict = field(default_factory=dict)  # {member id: [MonthRow, ...] of liable months}
    cell_names: dict = field(default_factory=dict)  # {member id: their latest cell's name}

    @classmethod
    def build(cls, members, first, last):
        """The ledger of `members` (a PartyMember queryset, already scoped)
        for the months from `first` to `last`: eight queries."""
        months = month_list(first, last)
        end = last_of_month(months[-1]) if months else last
        ids = members.values("pk")
        members = list(
            PartyMember.objects.filter(pk__in=ids)
            .select_related("person__place")
            .order_by("person__sort_key", "pk")
        )
        ledger = cls(members, months)
        if not months or not members:
            return ledger
        start = months[0]
        liable = _liable_months(ids, members, months, start, end, ledger.cell_names)
        bases = _by_member(FeeBasis.objects.filter(member__in=ids, from_month__lte=end))
        reliefs = _by_member(
            FeeRelief.objects.filter(member__in=ids, start_month__lte=end).filter(
                Q(end_month__isnull=True) | Q(end_month__gte=start)
            )
        )
        payments = {
            (p.member_id, p.month): p
            for p in FeePayment.objects.filter(member__in=ids, month__range=(start, end))
        }
        rates = _rates()
        ages = party_ages(members, end)
        for member in members:
            age = ages[member.pk]
            rows = []
            for month in liable.get(member.pk, ()):
                row = _month_row(member.pk, month, bases, reliefs, rates, age)
                row.payment = payments.get((member.pk, month))
                row.paid = row.payment.amount if row.payment else 0
                rows.append(row)
            ledger.rows[member.pk] = rows
        return ledger

    def all_rows(self):
        for member in self.members:
            yield from self.rows.get(member.pk, ())

    def totals(self, member_ids=None):
        """(due, paid, arrears) over the rows, of `member_ids` when given;
        arrears is what is owed on the months not fully paid."""
        due = paid = arrears = 0
        for member_id, rows in self.rows.items():
            if member_ids is not None and member_id not in member_ids:
                continue
            for row in rows:
                due += row.due or 0
                paid += row.paid
                arrears += max(row.balance, 0)
        return due, paid, arrears

    def warnings(self, before=None):
        """[(member, year, [unpaid months])]: members with at least
        WARNING_UNPAID_MONTHS months unpaid without reason within one
        calendar year of the ledger (Nov–Dec–Jan are two in one year and
        one in the next), counting only the months before `before` when
        given (a month still running is not yet unpaid)."""
        found = []
        for member in self.members:
            by_year = defaultdict(list)
            for row in self.rows.get(member.pk, ()):
                if row.unpaid and (before is None or row.month < before):
                    by_year[row.month.year].append(row)
            for year, rows in sorted(by_year.items()):
                if len(rows) >= WARNING_UNPAID_MONTHS:
                    found.append((member, year, rows))
        return found


def _by_member(queryset):
    rows = defaultdict(list)
    for row in queryset.order_by():
        rows[row.member_id].append(row)
    return rows


def _rates():
    """{kind: [FeeRate, ...] latest first}: one query (a few rows)."""
    rates = defaultdict(list)
    for rate in FeeRate.objects.order_by("kind", "-valid_from"):
        rates[rate.kind].append(rate)
    return rates


def _liable_months(ids, members, months, start, end, cell_names):
    """{member id: [months]} the member owes: in a cell some day of the
    month, admitted by its end, not left before its first day. Fills
    `cell_names` with the cell each member belonged to last."""
    spans = defaultdict(list)
    memberships = CellMembership.objects.filter(member__in=ids, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    rows = memberships.order_by("start_date").values_list(
        "member_id", "start_date", "end_date", "cell__name"
    )
    for member_id, begin, finish, cell_name in rows:
        spans[member_id].append((begin, finish))
        cell_names[member_id] = cell_name
    liable = {}
    for member in members:
        owed = []
        for month in months:
            month_end = last_of_month(month)
            if member.admitted_on > month_end or (member.left_on and member.left_on < month):
                continue
            if any(b <= month_end and (f is None or f >= month) for b, f in spans[member.pk]):
                owed.append(month)
        liable[member.pk] = owed
    return liable


def _latest(rows, month, attribute):
    best = None
    for row in rows:
        when = getattr(row, attribute)
        if when <= month and (best is None or when > getattr(best, attribute)):
            best = row
    return best


def _month_row(member_id, month, bases, reliefs, rates, age):
    basis = _latest(bases.get(member_id, ()), month, "from_month")
    if basis is None:
        return MonthRow(member_id, month, None)
    rate = next((r for r in rates.get(basis.kind, ()) if r.valid_from <= month), None)
    if rate is None:
        return MonthRow(member_id, month, None, basis=basis)
    due = fee_of(basis, rate)
    if whole_years(age.counted_from, last_of_month(month)) >= EXEMPT_PARTY_YEARS:
        return MonthRow(member_id, month, 0, basis=basis, exempt_for_age=True)
    relief = next((r for r in reliefs.get(member_id, ()) if r.covers(month)), None)
    if relief is not None:
        due = 0 if relief.kind == ReliefKind.EXEMPT else reduced(due, relief.percent)
    return MonthRow(member_id, month, due, basis=basis, relief=relief)


def warning_list(members, year, date):
    """[(member, year, [unpaid MonthRow], cell name)]: `members` with at
    least WARNING_UNPAID_MONTHS unpaid months without reason in `year`,
    counting the months of the year that have ended by `date`."""
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 1), date.replace(day=1) - datetime.timedelta(days=1))
    if last < first:
        return []
    ledger = Ledger.build(members, first, last)
    return [
        (member, found_year, rows, ledger.cell_names.get(member.pk, ""))
        for member, found_year, rows in ledger.warnings()
    ]
