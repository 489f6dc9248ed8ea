"""Writing the review: a cell's ratings saved in one go, then proposed,
approved (and locked), unlocked with a reason. The screen, the Excel import
and the API all call these; each checks everything before writing anything
and answers bad input with Vietnamese messages naming the row and column.

Who may do what:
* enter and propose: whoever may change the cell's (or committee's) results,
  `Review.objects.editable_by` (staff of the cell's commune or hamlet, or of
  the province), never once approved;
* approve and unlock: the level that opened the round or a level above it
  (`may_approve`): a commune committee approves its cells, a province its
  commune committees; the cell's own hamlet never approves itself.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import CellMembership
from core.audit import log_bulk_create, log_bulk_update
from members.models import Discipline

from .constants import DISCIPLINE_VETO, ConditionKind, RatingLevel, ReviewStatus, Subject
from .levels import Framework, as_points, vietnamese_number
from .models import Criterion, Rating, Review


@dataclass
class Entry:
    """One subject's row as typed: the member (None for the cell's or the
    committee's own rating), points by criterion id, the codes of the
    conditions met and vetoes ticked, and `where` it was typed ("Dòng 7",
    or the member's name on the screen) for the messages."""

    member: object = None
    points: dict = field(default_factory=dict)
    met: frozenset = frozenset()
    vetoes: frozenset = frozenset()
    note: str = ""
    where: str = ""


class RatingError(ValidationError):
    """Every problem of a save, each naming its row and column."""

    def __str__(self):
        return " ".join(self.messages)


def review_for(rating_round, *, cell=None, committee=None):
    """The results of `cell` (or `committee`) in `rating_round`, created as a
    draft the first time they are asked for."""
    review, _created = Review.objects.get_or_create(
        round=rating_round, cell=cell, committee=committee
    )
    return review


def period_members(review):
    """{member id: membership} of those who belonged to the review's cell at
    some time in the round's period (the latest membership of each): whom
    the cell may rate. One query."""
    rating_round = review.round
    memberships = (
        CellMembership.objects.filter(cell=review.cell_id, start_date__lte=rating_round.end_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=rating_round.start_date))
        .select_related("member__person")
        .order_by("start_date")
    )
    return {membership.member_id: membership for membership in memberships}


def is_probationary(member, date):
    return member.full_member_on is None or member.full_member_on > date


def is_exempted(member, date):
    return member.exempt_from is not None and member.exempt_from <= date


def own_subject(review):
    return Subject.COMMITTEE if review.committee_id else Subject.CELL


@transaction.atomic
def save_ratings(user, review, entries):
    """Write the ratings of `entries` (a list of Entry) in `review`, all or
    none: returns (created, updated). A fixed number of queries, whatever
    the cell's size."""
    review = _writable(user, review)
    rating_round = review.round
    framework = Framework.of(rating_round)
    criteria = _criteria(rating_round)
    members = period_members(review) if review.cell_id else {}
    # With the names the audit entries of an update print (Rating.__str__):
    # without them a re-save costs two queries per member.
    existing = {
        (rating.member_id, rating.subject): rating
        for rating in Rating.objects.filter(review=review).select_related(
            "member__person", "cell", "committee"
        )
    }
    rated = [entry.member for entry in entries if entry.member]
    elsewhere = _rated_elsewhere(review, rated)
    disciplined = disciplined_in_period([member.pk for member in rated], rating_round)
    errors, rows = [], []
    seen = Counter()
    for entry in entries:
        subject = Subject.MEMBER if entry.member else own_subject(review)
        entry.points = {_as_id(key) or key: value for key, value in entry.points.items()}
        problems = _entry_errors(entry, subject, members, elsewhere, criteria, framework)
        problems += _discipline_errors(entry, disciplined, framework)
        key = (entry.member.pk if entry.member else None, subject)
        seen[key] += 1
        if seen[key] == 2:
            problems.append(_("%(where)s: đối tượng này đã có ở một dòng khác.") % _at(entry))
        if problems:
            errors.extend(problems)
            continue
        rows.append((entry, subject, key))
    if errors:
        raise RatingError(errors)
    return _write(review, framework, criteria, existing, rows)


def disciplined_in_period(member_ids, rating_round):
    """{member id: the first discipline decided in the period of
    `rating_round`} of `member_ids`: one query (none without members)."""
    if not member_ids:
        return {}
    rows = (
        Discipline.objects.decided_between(rating_round.start_date, rating_round.end_date)
        .filter(member_id__in=member_ids)
        .order_by("decision_date", "pk")
    )
    found = {}
    for discipline in rows:
        found.setdefault(discipline.member_id, discipline)
    return found


def _discipline_errors(entry, disciplined, framework):
    """A member disciplined in the period falls under the veto "Bị kỷ luật
    trong kỳ đánh giá" (so is rated "không hoàn thành nhiệm vụ" by the one
    rule, Framework.judge): a row without it ticked is refused, naming the
    decision, rather than ticked silently."""
    discipline = disciplined.get(entry.member.pk) if entry.member else None
    if discipline is None or DISCIPLINE_VETO in entry.vetoes:
        return []
    veto = next((c for c in framework.vetoes(Subject.MEMBER) if c.code == DISCIPLINE_VETO), None)
    if veto is None:
        return []
    return [
        _(
            "%(where)s: %(name)s bị kỷ luật trong kỳ (%(form)s, quyết định số %(number)s "
            "ngày %(date)s): phải đánh dấu phủ quyết “%(veto)s”, mức xếp loại là "
            "không hoàn thành nhiệm vụ."
        )
        % {
            **_at(entry),
            "name": entry.member,
            "form": discipline.get_form_display(),
            "number": discipline.decision_number,
            "date": f"{discipline.decision_date:%d/%m/%Y}",
            "veto": veto.name,
        }
    ]


def may_enter(user, review):
    """Whether `user` may enter and propose the results of `review` (saved
    or not yet): the write rule of its unit's place (`editable_by`), never
    once approved."""
    if review.pk:
        return Review.objects.editable_by(user).filter(pk=review.pk).exists()
    unit = review.cell or review.committee
    return type(unit).objects.editable_by(user).filter(pk=unit.pk).exists()


def _writable(user, review):
    row = (
        Review.objects.editable_by(user)
        .filter(pk=review.pk)
        .select_related("round", "cell", "committee")
    )
    found = row.first()
    if found is not None:
        return found
    locked = Review.objects.filter(pk=review.pk, status=ReviewStatus.APPROVED)
    if locked.in_scope(user).exists():
        raise RatingError(
            _(
                "Kết quả đánh giá của %(unit)s đã được phê duyệt và khóa: không sửa được. "
                "Cấp phê duyệt mở khóa (ghi rõ lý do) trước khi sửa."
            )
            % {"unit": review.cell or review.committee}
        )
    raise RatingError(_("Bạn không có quyền nhập kết quả đánh giá của đơn vị này."))


def _criteria(rating_round):
    """{subject: [criterion, ...]} of the round's criteria sets, one query."""
    set_ids = {subject: rating_round.criteria_for_id(subject) for subject in Subject}
    set_ids = {subject: set_id for subject, set_id in set_ids.items() if set_id is not None}
    by_set = {}
    for criterion in Criterion.objects.filter(criteria_set__in=set_ids.values()):
        by_set.setdefault(criterion.criteria_set_id, []).append(criterion)
    return {subject: by_set.get(set_id, []) for subject, set_id in set_ids.items()}


def _rated_elsewhere(review, members):
    """{member id: the cell that rated them} for those of `members` already
    rated in the same round by another cell (a merged cell's members)."""
    rows = (
        Rating.objects.filter(round=review.round_id, member__in=members)
        .exclude(review=review)
        .select_related("cell")
    )
    return {rating.member_id: rating.cell for rating in rows}


def _at(entry, column=None):
    if column is None:
        return {"where": entry.where}
    return {"where": _("%(row)s, cột “%(column)s”") % {"row": entry.where, "column": column}}


def _entry_errors(entry, subject, members, elsewhere, criteria, framework):
    errors = []
    if entry.member is not None:
        if entry.member.pk not in members:
            errors.append(
                _("%(where)s: %(name)s không sinh hoạt ở chi bộ này trong kỳ đánh giá.")
                % {**_at(entry), "name": entry.member}
            )
        elif entry.member.pk in elsewhere:
            errors.append(
                _("%(where)s: %(name)s đã được đánh giá ở %(cell)s trong kỳ này.")
                % {**_at(entry), "name": entry.member, "cell": elsewhere[entry.member.pk]}
            )
    items = criteria.get(subject)
    if items is None:
        errors.append(
            _("%(where)s: kỳ đánh giá này không có bộ tiêu chí cho đối tượng này.") % _at(entry)
        )
        return errors
    known = {criterion.pk for criterion in items}
    for key in entry.points:
        if key not in known:
            errors.append(
                _("%(where)s: tiêu chí “%(key)s” không thuộc bộ tiêu chí của kỳ.")
                % {**_at(entry), "key": key}
            )
    for criterion in items:
        errors.extend(_points_errors(entry, criterion, entry.points.get(criterion.pk)))
    errors.extend(_condition_errors(entry, subject, framework))
    return errors


def _as_id(key):
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _points_errors(entry, criterion, value):
    column = criterion.name
    if value is None or str(value).strip() == "":
        return [_("%(where)s: chưa có điểm.") % _at(entry, column)]
    points = as_points(value)
    if points is None:
        return [
            _("%(where)s: “%(value)s” không phải là số điểm.")
            % {**_at(entry, column), "value": value}
        ]
    if points < 0:
        return [_("%(where)s: điểm không được âm.") % _at(entry, column)]
    if points > criterion.max_points:
        return [
            _("%(where)s: %(points)s điểm vượt quá điểm tối đa %(max)s.")
            % {
                **_at(entry, column),
                "points": vietnamese_number(points),
                "max": vietnamese_number(criterion.max_points),
            }
        ]
    return []


def _condition_errors(entry, subject, framework):
    allowed = {
        ConditionKind.REQUIREMENT: {c.code for c in framework.requirements(subject)},
        ConditionKind.VETO: {c.code for c in framework.vetoes(subject)},
    }
    errors = []
    for kind, codes in ((ConditionKind.REQUIREMENT, entry.met), (ConditionKind.VETO, entry.vetoes)):
        for code in sorted(set(codes) - allowed[kind]):
            errors.append(
                _("%(where)s: điều kiện “%(code)s” không áp dụng cho đối tượng này.")
                % {**_at(entry), "code": code}
            )
    return errors


def _write(review, framework, criteria, existing, rows):
    end = review.round.end_date
    created, updated = [], []
    for entry, subject, key in rows:
        values = rating_values(framework, criteria[subject], entry, subject, end)
        rating = existing.get(key)
        if rating is None:
            created.append(new_rating(review, subject, entry.member, values))
            continue
        changed = {
            name: [str(getattr(rating, name)), str(value)]
            for name, value in values.items()
            if getattr(rating, name) != value
        }
        for name, value in values.items():
            setattr(rating, name, value)
        if changed:
            updated.append((rating, changed))
    Rating.objects.bulk_create(created)
    log_bulk_create(created)
    Rating.objects.bulk_update([rating for rating, _c in updated], FIELDS_TYPED + FIELDS_COMPUTED)
    log_bulk_update(updated)
    return len(created), len(updated)


FIELDS_TYPED = ["points", "met", "vetoes", "note"]
FIELDS_COMPUTED = ["score", "level", "reason", "probationary", "exempted"]


def rating_values(framework, criteria, entry, subject, end):
    """The columns of a rating of `entry` (checked): its points on the
    `criteria` and their sum, what it met and the vetoes ticked, the
    framework's verdict, and the member's marks on the round's last day."""
    points = {str(c.pk): str(as_points(entry.points[c.pk])) for c in criteria}
    score = sum((Decimal(value) for value in points.values()), Decimal(0))
    verdict = framework.judge(subject, score, entry.met, entry.vetoes)
    return {
        "points": points,
        "met": sorted(entry.met),
        "vetoes": sorted(entry.vetoes),
        "score": score,
        "level": verdict.level,
        "reason": verdict.reason,
        "note": entry.note,
        "probationary": bool(entry.member) and is_probationary(entry.member, end),
        "exempted": bool(entry.member) and is_exempted(entry.member, end),
    }


def new_rating(review, subject, member, values):
    return Rating(
        review=review,
        round_id=review.round_id,
        subject=subject,
        member=member,
        cell=review.cell,
        committee=review.committee,
        path=review.path,
        **values,
    )


def may_approve(user, rating_round):
    """Whether `user` approves and unlocks results of `rating_round`: staff
    (able to write) of the place that opened it or of a place above."""
    if not user.is_authenticated or not user.can_edit:
        return False
    return user.is_superuser or rating_round.place.path.startswith(user.place.path)


@transaction.atomic
def propose(user, review):
    """The cell's results go to the committee: every member on the round's
    last day who is not exempted is rated, and so is the cell itself."""
    review = _writable(user, review)
    missing = _unrated(review)
    if missing:
        raise RatingError(
            _("Chưa đánh giá đủ để đề nghị phê duyệt, còn thiếu: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    review.status = ReviewStatus.PROPOSED
    review.proposed_at, review.proposed_by = timezone.now(), _account(user)
    review.save(update_fields=["status", "proposed_at", "proposed_by"])
    return review


def _unrated(review):
    rated = set(Rating.objects.filter(review=review).values_list("member_id", flat=True))
    missing = [] if None in rated else [str(review.cell or review.committee)]
    if review.cell_id:
        end = review.round.end_date
        for member_id, membership in period_members(review).items():
            on_last_day = membership.end_date is None or membership.end_date >= end
            member = membership.member
            if on_last_day and member_id not in rated and not is_exempted(member, end):
                missing.append(str(member))
    return missing


def _account(user):
    # The server's account (a command) is nobody.
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def approve(user, review):
    review = _for_approver(user, review)
    if review.status != ReviewStatus.PROPOSED:
        raise RatingError(
            _("Chỉ phê duyệt được kết quả đã đề nghị (hiện: %(status)s).")
            % {"status": review.get_status_display()}
        )
    _check_cap(review)
    review.status = ReviewStatus.APPROVED
    review.approved_at, review.approved_by = timezone.now(), _account(user)
    review.save(update_fields=["status", "approved_at", "approved_by"])
    return review


@transaction.atomic
def unlock(user, review, reason):
    review = _for_approver(user, review)
    reason = " ".join((reason or "").split())
    if not reason:
        raise RatingError(_("Ghi lý do mở khóa."))
    if review.status != ReviewStatus.APPROVED:
        raise RatingError(_("Kết quả này chưa được phê duyệt, không cần mở khóa."))
    review.status = ReviewStatus.PROPOSED
    review.unlock_reason = reason
    review.save(update_fields=["status", "unlock_reason"])
    return review


def _for_approver(user, review):
    review = Review.objects.select_related("round__place", "cell", "committee").get(pk=review.pk)
    if not may_approve(user, review.round):
        raise RatingError(
            _("Chỉ cấp ủy mở kỳ đánh giá (%(place)s) hoặc cấp trên phê duyệt, mở khóa kết quả.")
            % {"place": review.round.place}
        )
    return review


def _check_cap(review):
    """With a cap of c %, those rated excellent in the round (approved, and
    this review) may number at most c % of those rated good or better, for
    members and for collectives each."""
    cap = review.round.excellent_cap
    if cap is None:
        return
    counted = (
        Rating.objects.filter(round=review.round_id)
        .filter(Q(review=review) | Q(review__status=ReviewStatus.APPROVED))
        .values("subject")
        .annotate(
            excellent=Count("pk", filter=Q(level=RatingLevel.EXCELLENT)),
            good=Count("pk", filter=Q(level__in=[RatingLevel.EXCELLENT, RatingLevel.GOOD])),
        )
    )
    for row in counted:
        allowed = row["good"] * cap // 100
        if row["excellent"] > allowed:
            raise RatingError(
                _(
                    "Vượt giới hạn tỷ lệ xuất sắc của kỳ (%(cap)s%%): %(excellent)s %(subject)s "
                    "xếp loại “Hoàn thành xuất sắc nhiệm vụ” trong %(good)s được xếp loại "
                    "“Hoàn thành tốt nhiệm vụ” trở lên, tối đa %(allowed)s."
                )
                % {
                    "cap": cap,
                    "excellent": row["excellent"],
                    "subject": Subject(row["subject"]).label.lower(),
                    "good": row["good"],
                    "allowed": allowed,
                }
            )
