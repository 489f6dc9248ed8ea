"""The officials' screens of the yearly review: the rounds a user reads, a
round's cells with where their results stand, and one cell's rating grid
(save, propose, approve, unlock, Excel template and import).

Everything is fetched through the one scoping rule (`in_scope`): a round or
a cell outside the user's place is a 404. Writes go through
`ratings.services`, which check `editable_by` and `may_approve` and raise
RatingError; the audit middleware names the user on every entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cells.constants import Level
from cells.models import Cell, PartyCommittee, Place
from core.exports import record_download
from core.imports.reading import ImportFailed, UploadError

from . import screen, services
from .constants import RatingLevel, ReviewStatus, Subject
from .forms import read_grid
from .imports import RatingImport, template_workbook
from .models import Rating, RatingRound, Review


def _get_round_for_user(request, round_id):
    rounds = RatingRound.objects.in_scope(request.user).select_related("place")
    return get_object_or_404(rounds, pk=round_id)


def _get_cell_for_user(request, rating_round, cell_id):
    """A cell of the round's place that the user reads, else 404."""
    cells = Cell.objects.in_scope(request.user).within(rating_round.place)
    return get_object_or_404(cells.select_related("hamlet"), pk=cell_id)


def _get_committee_for_user(request, rating_round, committee_id):
    """A commune committee under the province whose round it is, else 404."""
    committees = PartyCommittee.objects.in_scope(request.user).within(rating_round.place)
    committees = committees.filter(place__level=Level.COMMUNE).select_related("place")
    return get_object_or_404(committees, pk=committee_id)


def _review_of(rating_round, unit):
    """The saved results of `unit` (a cell or a commune committee), or an
    unsaved draft: reading never writes."""
    if isinstance(unit, PartyCommittee):
        review = Review.objects.filter(round=rating_round, committee=unit).first()
        return review or Review(round=rating_round, committee=unit, path=unit.place.path)
    review = Review.objects.filter(round=rating_round, cell=unit).first()
    return review or Review(round=rating_round, cell=unit, path=unit.path)


@login_required
@require_GET
def rounds(request):
    found = RatingRound.objects.in_scope(request.user).select_related("place")
    return render(
        request, "ratings/rounds.html", {"rounds": found.order_by("-end_date", "place__sort_key")}
    )


@login_required
@require_GET
def round_page(request, round_id):
    rating_round = _get_round_for_user(request, round_id)
    if rating_round.rates_committees:
        return _committees_page(request, rating_round)
    cells = (
        Cell.objects.in_scope(request.user)
        .within(rating_round.place)
        .existing_on(rating_round.start_date)
        .select_related("hamlet")
        .order_by("sort_key")
    )
    cells = cells | Cell.objects.in_scope(request.user).filter(reviews__round=rating_round)
    reviews = {
        review.cell_id: review
        for review in Review.objects.in_scope(request.user).filter(
            round=rating_round, cell__isnull=False
        )
    }
    context = {
        "round": rating_round,
        "rows": [(cell, reviews.get(cell.pk)) for cell in cells.distinct()],
        "counts": _counts(request.user, rating_round),
        "levels": RatingLevel.choices,
    }
    return render(request, "ratings/round.html", context)


def _committees_page(request, rating_round):
    """A province's round: its commune committees in force on the round's
    first day, and those already rated."""
    committees = PartyCommittee.objects.in_scope(request.user).within(rating_round.place)
    communes = Place.objects.communes().valid_on(rating_round.start_date)
    committees = committees.filter(place__in=communes) | committees.filter(
        reviews__round=rating_round
    )
    reviews = {
        review.committee_id: review
        for review in Review.objects.in_scope(request.user).filter(
            round=rating_round, committee__isnull=False
        )
    }
    rows = [
        (committee, reviews.get(committee.pk))
        for committee in committees.distinct().select_related("place").order_by("place__sort_key")
    ]
    context = {
        "round": rating_round,
        "committee_rows": rows,
        "counts": _counts(request.user, rating_round),
        "levels": RatingLevel.choices,
    }
    return render(request, "ratings/round.html", context)


def _counts(user, rating_round):
    """Counts by level of the round's members and cells the user reads, one query."""
    figures = (
        Rating.objects.in_scope(user)
        .filter(round=rating_round)
        .values("subject")
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(review__status=ReviewStatus.APPROVED)),
            **{level: Count("pk", filter=Q(level=level)) for level in RatingLevel.values},
        )
    )
    by_subject = {row["subject"]: row for row in figures}
    return [
        (
            label,
            [by_subject.get(subject, {}).get(level, 0) for level in RatingLevel.values],
            by_subject.get(subject, {}).get("total", 0),
            by_subject.get(subject, {}).get("approved", 0),
        )
        for subject, label in Subject.choices
        if subject in by_subject or (subject == Subject.COMMITTEE) == rating_round.rates_committees
    ]


@login_required
@require_http_methods(["GET", "POST"])
def cell_page(request, round_id, cell_id):
    rating_round = _get_round_for_user(request, round_id)
    return _unit_page(request, rating_round, _get_cell_for_user(request, rating_round, cell_id))


@login_required
@require_http_methods(["GET", "POST"])
def committee_page(request, round_id, committee_id):
    rating_round = _get_round_for_user(request, round_id)
    committee = _get_committee_for_user(request, rating_round, committee_id)
    return _unit_page(request, rating_round, committee)


def _unit_page(request, rating_round, unit):
    """The results of one cell (its members and itself) or one commune
    committee: shown, saved, proposed, approved or unlocked."""
    review = _review_of(rating_round, unit)
    if request.method == "GET":
        return _render(request, review, unit)
    action = request.POST.get("action", "save")
    if action in ("approve", "unlock"):
        return _decide(request, review, unit, action)
    if not services.may_enter(request.user, review):
        if review.status == ReviewStatus.APPROVED and request.user.can_edit:
            messages.error(request, _locked_message(unit))
            return _render(request, review, unit, status=403)
        raise PermissionDenied
    if action == "propose":
        return _run(request, review, unit, lambda saved: services.propose(request.user, saved))
    return _save(request, review, unit)


def _locked_message(unit):
    return _(
        "Kết quả đánh giá của %(unit)s đã được phê duyệt và khóa: không sửa được. "
        "Cấp phê duyệt mở khóa (ghi rõ lý do) trước khi sửa."
    ) % {"unit": unit}


def _saved(review):
    """`review` as a row: the first write of a unit's results creates it."""
    if review.pk:
        return review
    return services.review_for(review.round, cell=review.cell, committee=review.committee)


def _save(request, review, unit):
    grid = screen.build(review)
    entries, typed, problems = read_grid(request.POST, grid, request.user)
    try:
        if problems:
            raise services.RatingError(problems)
        created, updated = services.save_ratings(request.user, _saved(review), entries)
    except services.RatingError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render(request, review, unit, typed=typed, status=400)
    messages.success(
        request,
        _("Đã lưu: %(created)s kết quả mới, %(updated)s kết quả sửa.")
        % {"created": created, "updated": updated},
    )
    return redirect(request.path)


def _run(request, review, unit, step):
    try:
        done = step(_saved(review))
    except services.RatingError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render(request, review, unit, status=400)
    messages.success(
        request,
        _("Kết quả của %(unit)s: %(status)s.")
        % {"unit": unit, "status": done.get_status_display()},
    )
    return redirect(request.path)


def _decide(request, review, unit, action):
    if not services.may_approve(request.user, review.round):
        raise PermissionDenied
    if action == "approve":
        return _run(request, review, unit, lambda saved: services.approve(request.user, saved))
    reason = request.POST.get("reason", "")
    return _run(request, review, unit, lambda saved: services.unlock(request.user, saved, reason))


def _render(request, review, unit, *, typed=None, status=200):
    grid = screen.build(review, typed=typed)
    context = {
        "round": review.round,
        "unit": unit,
        "cell": review.cell,
        "review": review,
        "grid": grid,
        "editable": services.may_enter(request.user, review),
        "may_approve": services.may_approve(request.user, review.round),
        "cell_row_key": screen.CELL_ROW,
    }
    return render(request, "ratings/cell.html", context, status=status)


@login_required
@require_GET
def template_download(request, round_id, cell_id):
    rating_round = _get_round_for_user(request, round_id)
    cell = _get_cell_for_user(request, rating_round, cell_id)
    review = _review_of(rating_round, cell)
    grid = screen.build(review)
    filename = f"danh-gia-{rating_round.pk}-chi-bo-{cell.pk}.xlsx"
    # Names, card and citizen numbers leave the portal: on the audit trail.
    record_download(
        about=review if review.pk else cell, what=filename, rows=len(grid.rows), scope=cell.path
    )
    response = HttpResponse(
        template_workbook(grid),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def upload(request, round_id, cell_id):
    rating_round = _get_round_for_user(request, round_id)
    cell = _get_cell_for_user(request, rating_round, cell_id)
    review = _review_of(rating_round, cell)
    if not services.may_enter(request.user, review):
        raise PermissionDenied
    try:
        upload_file = request.FILES.get("file")
        if upload_file is None:
            raise UploadError(_("Chọn tệp Excel để nhập."))
        summary = RatingImport(request.user, review=review, cell=cell).run(upload_file)
    except UploadError as error:
        messages.error(request, str(error))
        return _render(request, review, cell, status=400)
    except ImportFailed as error:
        for problem in error.errors[:50]:
            messages.error(request, str(problem))
        return _render(request, review, cell, status=400)
    messages.success(request, _("Đã nhập %(rows)s dòng từ tệp Excel.") % {"rows": summary.rows})
    return redirect("ratings-cell", round_id=rating_round.pk, cell_id=cell.pk)
