"""Party badges (Huy hiệu Đảng): who is due one at a presentation date.

Rules, as applied here (the figures are data: awards.models.BadgeRule, the
rule in force on the presentation date):

* Badges are presented on 3/2, 19/5, 2/9 and 7/11; any other date is refused.
* Years are party age (members.age): from the admission decision, less the
  gaps on record and the late part of an unfinished transfer, the
  anniversary counting: a member admitted on 03/02/1994 with no gap has 30
  years on 03/02/2024 and is on that day's list. A member admitted on 29
  February reaches an anniversary in a common year on 1 March, so the 19/5
  list is their first.
* A member is due the highest level (30, 40, 45 … 90 by default) reached by
  the date that is above every badge already awarded to them by a decision
  dated on or before it. Levels missed earlier are not awarded one by one.
* After a reprimand, a warning or a dismissal (khiển trách, cảnh cáo, cách
  chức) a member is listed again only once 6, 9 or 12 months have passed
  since the discipline took effect: effective on 03/08/2023, a reprimand
  lets the member onto the list of 03/02/2024, not before.
* A member recorded as gravely ill (PartyMember.seriously_ill_since, on or
  before the date) may receive a level up to 12 months early, 24 from the
  age of 70 on the date: the level reached by the date moved on by those
  months.
* A member who died (left_reason "tu_tran", left_on) is listed
  posthumously once a request is recorded (posthumous_badge_requested_on,
  on or before the date), with the level their party age had reached on
  the day they died, in the cell they belonged to then.
* Members who left the party otherwise, or who on the date belong to no
  cell under the place, are not listed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from cells.constants import MembershipEndReason
from cells.models import CellMembership, PartyMember
from core.periods import months_after
from members.age import party_ages, whole_years
from members.models import Discipline

from .constants import DEFAULT_BADGE_LEVELS, FormCode, is_presentation_day
from .entry import bulk_create_awards
from .exports import AwardList, ListHeading
from .models import Award, BadgeRule, CommendationForm, Decision
from .snapshots import holdings_on, place_fields, snapshot_for_person


class BadgeDateError(ValueError):
    """The date is not one of the four presentation days."""


def check_presentation_date(date):
    if not is_presentation_day(date):
        raise BadgeDateError(
            _(
                "Huy hiệu Đảng chỉ trao vào các ngày 3/2, 19/5, 2/9 và 7/11; "
                "ngày %(date)s không phải ngày trao."
            )
            % {"date": f"{date:%d/%m/%Y}"}
        )


def level_due(years, already_awarded=None, levels=DEFAULT_BADGE_LEVELS):
    """The highest badge level reached with `years`, if above `already_awarded`."""
    reached = [level for level in levels if level <= years]
    if not reached or (already_awarded and reached[-1] <= already_awarded):
        return None
    return reached[-1]


@dataclass
class BadgeCandidate:
    member: PartyMember
    years: int  # party age on the date (on the day of death, posthumously)
    level: int
    cell_name: str
    place: object  # the member's cell's hamlet (or commune) on the date
    early: bool = False  # before the level's anniversary, for grave illness
    posthumous: bool = False

    @property
    def person(self):
        return self.member.person


def badge_candidates(place, date):
    """Members under `place` due a badge on presentation date `date`, in list
    order (commune, hamlet, Vietnamese name order). Six queries: the rule,
    the members, their gaps and transfers (party age), their disciplines,
    their cells."""
    check_presentation_date(date)
    rule = BadgeRule.in_force(date)
    members = list(_members_in_reach(place, date, rule))
    ages = party_ages(members, date)
    waits = _discipline_waits([member.pk for member in members], date, rule)
    due = []
    for member in members:
        if waits.get(member.pk, date) > date:
            continue
        candidate = _judge(member, ages[member.pk], date, rule)
        if candidate is not None:
            due.append(candidate)
    cells = _cells_on(place, date, due)
    for candidate in due:
        cell = cells[candidate.member.pk]
        candidate.cell_name, candidate.place = cell.name, _cell_place(cell)
    due.sort(key=_list_order)
    return due


def _members_in_reach(place, date, rule):
    """The living members belonging to a cell under `place` on `date`, and
    the dead with a posthumous request who belonged to one on their last
    day, admitted early enough to reach the first level with the longest
    early award; each with the top level already awarded."""
    early = max(rule.early_months, rule.early_months_elderly)
    earliest = months_after(date, early - 12 * rule.levels[0])
    memberships = CellMembership.objects.within(place)
    on_last_day = memberships.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("left_on")),
        member=OuterRef("pk"),
        start_date__lte=OuterRef("left_on"),
    )
    living = (Q(left_on__isnull=True) | Q(left_on__gt=date)) & Exists(
        memberships.on(date).filter(member=OuterRef("pk"))
    )
    dead = Q(
        left_reason=MembershipEndReason.DIED,
        left_on__lte=date,
        posthumous_badge_requested_on__lte=date,
    ) & Exists(on_last_day)
    awarded = Award.objects.filter(
        person=OuterRef("person"),
        decision__date__lte=date,
        badge_years__isnull=False,
    )
    return (
        PartyMember.objects.filter(admitted_on__lte=earliest)
        .filter(living | dead)
        .annotate(
            awarded_level=Subquery(
                awarded.values("person").annotate(top=Max("badge_years")).values("top")[:1]
            )
        )
        .select_related("person")
    )


def _discipline_waits(member_ids, date, rule):
    """{member id: the first day a badge may be presented again} after the
    disciplines that delay it, in force by `date`."""
    delays = {form: months for form, months in rule.delays().items() if months}
    rows = Discipline.objects.filter(
        member_id__in=member_ids, form__in=delays, effective_on__lte=date
    ).values_list("member_id", "form", "effective_on")
    waits = {}
    for member_id, form, effective_on in rows:
        again = months_after(effective_on, delays[form])
        waits[member_id] = max(again, waits.get(member_id, again))
    return waits


def _judge(member, age, date, rule):
    """The candidate `member` makes on `date`, or None."""
    posthumous = member.left_on is not None and member.left_on <= date
    if posthumous:
        date, age = member.left_on, age.on(member.left_on)
    early_months = _early_months(member, date, rule)
    years = whole_years(age.counted_from, months_after(date, early_months))
    level = level_due(years, member.awarded_level, rule.levels)
    if level is None:
        return None
    return BadgeCandidate(
        member, age.years, level, "", None, early=age.years < level, posthumous=posthumous
    )


def _early_months(member, date, rule):
    """How many months early a badge may come to `member` on `date`: only
    for grave illness recorded by then, more from the elderly age."""
    ill_since = member.seriously_ill_since
    if ill_since is None or ill_since > date:
        return 0
    born = member.person.birth_date
    if born is not None and whole_years(born, date) >= rule.elderly_age:
        return rule.early_months_elderly
    return rule.early_months


def _cells_on(place, date, candidates):
    """{member id: the cell under `place` they belonged to on the date (on
    their last day, posthumously)}, one query."""
    last_day = {c.member.pk: (c.member.left_on if c.posthumous else date) for c in candidates}
    rows = (
        CellMembership.objects.within(place)
        .filter(member_id__in=last_day, start_date__lte=date)
        .select_related("cell__hamlet__parent", "cell__committee__place__parent")
        .order_by("start_date")
    )
    cells = {}
    for row in rows:
        day = last_day[row.member_id]
        if row.start_date <= day and (row.end_date is None or row.end_date >= day):
            cells[row.member_id] = row.cell
    return cells


def _cell_place(cell):
    return cell.hamlet or cell.committee.place


def _list_order(candidate):
    fields = place_fields(candidate.place)
    return (fields["commune_sort_key"], fields["hamlet_sort_key"], candidate.person.sort_key)


def _achievement(candidate):
    member = candidate.member
    values = {"level": candidate.level, "admitted": f"{member.admitted_on:%d/%m/%Y}"}
    if candidate.posthumous:
        return _(
            "Truy tặng Huy hiệu %(level)s năm tuổi Đảng (vào Đảng ngày %(admitted)s, "
            "từ trần ngày %(died)s)"
        ) % {**values, "died": f"{member.left_on:%d/%m/%Y}"}
    if candidate.early:
        return (
            _(
                "Huy hiệu %(level)s năm tuổi Đảng (vào Đảng ngày %(admitted)s; "
                "trao sớm do bệnh hiểm nghèo)"
            )
            % values
        )
    return _("Huy hiệu %(level)s năm tuổi Đảng (vào Đảng ngày %(admitted)s)") % values


def badge_rows(candidates):
    """Rows in the award-list layout: name, cell, unit, badge due."""
    for candidate in candidates:
        fields = place_fields(candidate.place)
        yield (
            False,
            fields["commune_name"],
            candidate.person.full_name,
            _("Đảng viên %(cell)s") % {"cell": candidate.cell_name},
            fields["unit_name"],
            _achievement(candidate),
        )


def badge_list(place, date):
    """(AwardList heading, rows) of the badge list of `place` on `date`."""
    candidates = badge_candidates(place, date)
    heading = ListHeading(
        body=str(place).upper(),
        title=_("DANH SÁCH ĐẢNG VIÊN ĐỦ TIÊU CHUẨN TẶNG HUY HIỆU ĐẢNG"),
        lines=[_("Đợt trao ngày %(date)s") % {"date": f"{date:%d/%m/%Y}"}],
    )
    award_list = AwardList(heading, Award.objects.none(), f"huy-hieu-dang-{date:%Y%m%d}")
    return award_list, list(badge_rows(candidates))


@transaction.atomic
def issue_badge_decision(*, place, date, number, decision_date, body, signer="", occasion=None):
    """Turn the badge list of `place` on `date` into a decision once it is
    issued: a Decision of form Huy hiệu Đảng and one award per member with
    the level due. Validates the decision (its body must be in force)."""
    decision = Decision(
        number=number,
        date=decision_date,
        body=body,
        signer=signer,
        occasion=occasion,
        form=CommendationForm.objects.get(code=FormCode.PARTY_BADGE),
    )
    decision.full_clean()
    decision.save()
    candidates = badge_candidates(place, date)
    holdings = holdings_on([candidate.person.pk for candidate in candidates], decision_date)
    awards = []
    for candidate in candidates:
        award = Award(
            decision=decision,
            person=candidate.person,
            badge_years=candidate.level,
            achievement=_achievement(candidate),
        )
        snapshot = snapshot_for_person(
            candidate.person, decision_date, holdings[candidate.person.pk]
        )
        if not holdings[candidate.person.pk]:
            snapshot.update(place_fields(candidate.place))
        award.apply_snapshot(snapshot)
        awards.append(award)
    bulk_create_awards(awards)
    return decision


__all__ = [
    "BadgeDateError",
    "badge_candidates",
    "badge_list",
    "issue_badge_decision",
    "level_due",
]
