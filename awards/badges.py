"""Party badges (Huy hiệu Đảng): who is due one at a presentation date.

Rules, as applied here:

* Badges are presented on 3/2, 19/5, 2/9 and 7/11; any other date is refused.
* Years of membership are counted from the admission date (ngày vào Đảng) to
  the presentation date, inclusive of the anniversary: a member admitted on
  03/02/1994 has 30 years on 03/02/2024 and is on that day's list.
* A member admitted on 29 February reaches an anniversary in a common year on
  1 March (the 28th is still the day before), so the 19/5 list is their first.
* A member is due the highest level (30, 40, 45 … 90) reached by the date
  that is above every badge already awarded to them by a decision dated on
  or before it. Levels missed earlier are not awarded one by one.
* Members who left the party, or who on the date belong to no cell under
  the place, are not listed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from cells.models import CellMembership, PartyMember

from .constants import BADGE_YEARS, FormCode, is_presentation_day
from .entry import bulk_create_awards
from .exports import AwardList, ListHeading
from .models import Award, CommendationForm, Decision
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


def years_of_membership(admitted_on, date):
    """Whole years from `admitted_on` to `date`, the anniversary counting."""
    before_anniversary = (date.month, date.day) < (admitted_on.month, admitted_on.day)
    return date.year - admitted_on.year - before_anniversary


def level_due(years, already_awarded=None):
    """The highest badge level reached with `years`, if above `already_awarded`."""
    reached = [level for level in BADGE_YEARS if level <= years]
    if not reached or (already_awarded and reached[-1] <= already_awarded):
        return None
    return reached[-1]


@dataclass
class BadgeCandidate:
    member: PartyMember
    years: int
    level: int
    cell_name: str
    place: object  # the member's cell's hamlet (or commune) on the date

    @property
    def person(self):
        return self.member.person


def badge_candidates(place, date):
    """Members under `place` due a badge on presentation date `date`, in list
    order (commune, hamlet, Vietnamese name order). Three queries."""
    check_presentation_date(date)
    earliest = date.replace(year=date.year - BADGE_YEARS[0])
    memberships = CellMembership.objects.within(place).on(date)
    awarded = Award.objects.filter(
        person=OuterRef("person"),
        decision__date__lte=date,
        badge_years__isnull=False,
    )
    members = (
        PartyMember.objects.members_on(date)
        .filter(admitted_on__lte=earliest)
        .filter(Exists(memberships.filter(member=OuterRef("pk"))))
        .annotate(
            awarded_level=Subquery(
                awarded.values("person").annotate(top=Max("badge_years")).values("top")[:1]
            )
        )
        .select_related("person")
    )
    due = []
    for member in members:
        years = years_of_membership(member.admitted_on, date)
        level = level_due(years, member.awarded_level)
        if level:
            due.append((member, years, level))
    cells = _cells_on([member.pk for member, _years, _level in due], memberships)
    candidates = [
        BadgeCandidate(member, years, level, cells[member.pk].name, _cell_place(cells[member.pk]))
        for member, years, level in due
    ]
    candidates.sort(key=_list_order)
    return candidates


def _cells_on(member_ids, memberships):
    rows = memberships.filter(member_id__in=member_ids).select_related(
        "cell__hamlet__parent", "cell__committee__place__parent"
    )
    return {row.member_id: row.cell for row in rows}


def _cell_place(cell):
    return cell.hamlet or cell.committee.place


def _list_order(candidate):
    fields = place_fields(candidate.place)
    return (fields["commune_sort_key"], fields["hamlet_sort_key"], candidate.person.sort_key)


def _achievement(candidate):
    return _("Huy hiệu %(level)s năm tuổi Đảng (vào Đảng ngày %(admitted)s)") % {
        "level": candidate.level,
        "admitted": f"{candidate.member.admitted_on:%d/%m/%Y}",
    }


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
    "years_of_membership",
]
