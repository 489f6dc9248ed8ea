"""What the cell rating screen shows: the round's criteria and conditions,
one row per member (and one for the cell itself) with the saved rating or
the values just typed, and the evidence of the period from the portal's own
records. A fixed number of queries whatever the size of the cell: every
lookup is one query for all members, put together in Python."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from awards.models import Award
from cells.models import Holding
from meetings.constants import AttendanceStatus
from meetings.models import Attendance, Meeting

from .constants import DISCIPLINE_VETO, Subject
from .levels import Framework, vietnamese_number
from .models import Criterion, Rating
from .services import (
    disciplined_in_period,
    is_exempted,
    is_probationary,
    own_subject,
    period_members,
)

CELL_ROW = "chi-bo"  # the form's row key of the cell's own rating


@dataclass
class Evidence:
    """A member's record in the period, next to the points."""

    attended: int = 0
    expected: int = 0  # meetings with a roll call the member was expected at
    held: int = 0  # every meeting of the cell while the member belonged
    unexcused: int = 0
    posts: list = field(default_factory=list)
    awards: list = field(default_factory=list)


@dataclass
class Row:
    key: str  # member id, or CELL_ROW
    label: str
    member: object = None
    rating: object = None
    points: dict = field(default_factory=dict)  # criterion id -> text shown in the input
    met: set = field(default_factory=set)
    vetoes: set = field(default_factory=set)
    probationary: bool = False
    exempted: bool = False
    disciplined: object = None  # a discipline decided in the period (members.Discipline)
    evidence: Evidence = None
    # Filled by build(): (criterion, value) and (condition, ticked) in column order.
    inputs: list = field(default_factory=list)
    requirement_boxes: list = field(default_factory=list)
    veto_boxes: list = field(default_factory=list)

    @property
    def score(self):
        return vietnamese_number(self.rating.score) if self.rating else ""


@dataclass
class Grid:
    review: object
    criteria: list  # member criteria, in column order
    groups: list  # (group name, number of criteria)
    requirements: list
    vetoes: list
    rows: list
    cell_criteria: list
    cell_requirements: list
    cell_vetoes: list
    cell_row: Row
    on: object  # the day whose members are listed


def build(review, *, typed=None):
    """The grid of `review` (saved or not). `typed` ({row key: (points, met,
    vetoes)}) replaces the saved values of those rows after a refused save,
    so nothing typed is lost."""
    rating_round = review.round
    today = timezone.localdate()
    on = min(rating_round.end_date, today)
    framework = Framework.of(rating_round)
    criteria = _criteria(rating_round)
    ratings = {}
    if review.pk:
        ratings = {
            rating.member_id: rating
            for rating in Rating.objects.filter(review=review).select_related("member__person")
        }
    memberships = period_members(review)
    members = {
        member_id: membership.member
        for member_id, membership in memberships.items()
        if membership.end_date is None or membership.end_date >= on
    }
    for member_id, rating in ratings.items():
        if member_id is not None and member_id not in members:
            members[member_id] = rating.member
    ordered = sorted(members.values(), key=lambda member: (member.person.sort_key, member.pk))
    evidence = _evidence(review.cell_id, ordered, memberships, rating_round.start_date, on)
    rows = [
        _member_row(member, ratings.get(member.pk), rating_round.end_date) for member in ordered
    ]
    # Members disciplined in the period come with the veto ticked until
    # their rating is saved (services.save_ratings refuses it unticked).
    disciplined = disciplined_in_period([member.pk for member in ordered], rating_round)
    for row in rows:
        row.disciplined = disciplined.get(row.member.pk)
        if row.disciplined is not None and row.rating is None:
            row.vetoes = {*row.vetoes, DISCIPLINE_VETO}
    for row in rows:
        row.evidence = evidence[row.member.pk]
    # The unit's own rating: the cell's, or the commune committee's in a
    # province's round (which has no member rows).
    own = own_subject(review)
    unit = review.cell or review.committee
    cell_row = _row_from(Row(key=CELL_ROW, label=str(unit)), ratings.get(None))
    member_criteria = criteria.get(rating_round.member_criteria_id, [])
    cell_criteria = criteria.get(rating_round.criteria_for_id(own), [])
    requirements = framework.requirements(Subject.MEMBER)
    vetoes = framework.vetoes(Subject.MEMBER)
    for row in rows:
        _fill(row, typed, member_criteria, requirements, vetoes)
    _fill(cell_row, typed, cell_criteria, framework.requirements(own), framework.vetoes(own))
    return Grid(
        review=review,
        criteria=member_criteria,
        groups=[(name, len(list(items))) for name, items in groupby(member_criteria, _group)],
        requirements=requirements,
        vetoes=vetoes,
        rows=rows,
        cell_criteria=cell_criteria,
        cell_requirements=framework.requirements(own),
        cell_vetoes=framework.vetoes(own),
        cell_row=cell_row,
        on=on,
    )


def _fill(row, typed, criteria, requirements, vetoes):
    """What the template shows in the row's inputs: typed values first."""
    if typed and row.key in typed:
        row.points, row.met, row.vetoes = typed[row.key]
    row.inputs = [(criterion, row.points.get(criterion.pk, "")) for criterion in criteria]
    row.requirement_boxes = [(c, c.code in row.met) for c in requirements]
    row.veto_boxes = [(c, c.code in row.vetoes) for c in vetoes]


def _group(criterion):
    return criterion.group


def _criteria(rating_round):
    """{criteria set id: [criterion, ...]} of the round, one query."""
    by_set = defaultdict(list)
    sets = [rating_round.criteria_for_id(subject) for subject in Subject]
    for criterion in Criterion.objects.filter(criteria_set__in=[s for s in sets if s]):
        by_set[criterion.criteria_set_id].append(criterion)
    return by_set


def _member_row(member, rating, end):
    row = Row(
        key=str(member.pk),
        label=str(member),
        member=member,
        probationary=is_probationary(member, end),
        exempted=is_exempted(member, end),
    )
    return _row_from(row, rating)


def _row_from(row, rating):
    if rating is not None:
        row.rating = rating
        row.points = {
            int(key): vietnamese_number(value) for key, value in (rating.points or {}).items()
        }
        row.met, row.vetoes = set(rating.met), set(rating.vetoes)
    return row


def _evidence(cell_id, members, memberships, start, end):
    """{member id: Evidence} for [start, end]: four queries whatever the
    number of members. A meeting is the member's if they belonged to the
    cell on its date or were marked at it (Meeting.expected_members)."""
    evidence = {member.pk: Evidence() for member in members}
    if not members:
        return evidence
    meetings = list(
        Meeting.objects.filter(cell=cell_id, date__gte=start, date__lte=end).values_list(
            "pk", "date"
        )
    )
    marked = defaultdict(dict)
    for meeting_id, member_id, status in Attendance.objects.filter(
        meeting__cell=cell_id, meeting__date__gte=start, meeting__date__lte=end
    ).values_list("meeting_id", "member_id", "status"):
        marked[member_id][meeting_id] = status
    # Attendance counts only where a roll call was taken: a meeting with
    # counts alone (as minutes often are) says nothing of any one member.
    called = {meeting_id for statuses in marked.values() for meeting_id in statuses}
    for member_id, figures in evidence.items():
        membership = memberships.get(member_id)
        statuses = marked.get(member_id, {})
        theirs = [
            meeting_id
            for meeting_id, date in meetings
            if meeting_id in statuses or _belonged(membership, date)
        ]
        figures.held = len(theirs)
        figures.expected = sum(1 for meeting_id in theirs if meeting_id in called)
        figures.attended = sum(1 for s in statuses.values() if s == AttendanceStatus.PRESENT)
        figures.unexcused = sum(1 for s in statuses.values() if s == AttendanceStatus.UNEXCUSED)
    people = {member.person_id: member.pk for member in members}
    holdings = (
        Holding.objects.filter(person__in=people, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("post__post_type")
        .order_by("start_date")
    )
    for holding in holdings:
        evidence[people[holding.person_id]].posts.append(holding)
    awards = (
        Award.objects.filter(person__in=people, decision__date__gte=start, decision__date__lte=end)
        .select_related("decision__form")
        .order_by("decision__date")
    )
    for award in awards:
        evidence[people[award.person_id]].awards.append(award)
    return evidence


def _belonged(membership, date):
    if membership is None:
        return False
    return membership.start_date <= date and (
        membership.end_date is None or membership.end_date >= date
    )
