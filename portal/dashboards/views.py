"""Dashboards of a commune, a district or a province, and the drill-down
pages of a hamlet and a cell. Every place is fetched through the one scoping
rule (`in_scope`), so anything outside the user's place is a 404. A unit
that has closed opens at its last day and names its successors; a place that
came out of a reorganisation compares its figures before and after it
(portal.dashboards.history)."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cells import quality as register_quality
from cells.constants import Level
from cells.models import Cell, Place
from core.exports import CONTENT_TYPES
from portal.models import Report
from ratings import history as rating_history
from ratings.exports import export_list, rating_list
from ratings.models import Rating, RatingRound

from . import history, pages
from .forms import read_picker


def _get_place_for_user(request, code=None):
    """The place named by its official code (the user's own without one),
    404 unless it lies inside the user's scope. The code's width says the
    level (`official_unit`); codes are reused after mergers: the unit still
    in force wins, then the one closed last."""
    if code is None:
        if request.user.place_id is None:
            raise Http404
        place = Place.objects.select_related("parent").get(pk=request.user.place_id)
        request.user.place = place  # the header shows it: no second query
        return place
    place = Place.objects.in_scope(request.user).select_related("parent").official_unit(code)
    if place is None:
        raise Http404
    return place


def _reports_of(place):
    return list(Report.objects.filter(place=place).order_by("-period_end", "kind")[:16])


def _unit_on(request, code, place, date):
    """The unit that held `code` on `date`, when it is not `place` (the one
    in force now): codes are reused, and a link to "15016" on 31/12/2023
    means Thị trấn Sơn Lư, not the commune that carries the code today."""
    if code is None or place.is_valid_on(date):
        return place
    then = Place.objects.in_scope(request.user).select_related("parent")
    return then.official_unit(code, on=date) or place


@login_required
@require_GET
def dashboard(request, code=None):
    place = _get_place_for_user(request, code)
    today = timezone.localdate()
    form, date, period = read_picker(request, today, last_day=place.valid_to)
    then = _unit_on(request, code, place, date)
    if then != place:
        place = then
        form, date, period = read_picker(request, today, last_day=place.valid_to)
    if place.level == Level.COMMUNE:
        context, template = pages.commune(place, date, period), "portal/dashboard_commune.html"
    else:
        context, template = pages.area(place, date, period), "portal/dashboard_area.html"
    context.update(
        place=place,
        form=form,
        date=date,
        period=period,
        reports=_reports_of(place),
        closure=history.place_closure(place, request.user, today),
        comparison=history.comparison(place, date),
        recognition=pages.recognition_card(
            place,
            date,
            commune_filter=place.level == Level.COMMUNE,
            # The admin list is the user's scope filtered from today: it
            # matches the counts for a commune (filtered by it) or the
            # user's own area, on today's page.
            linked=date == today
            and (place.level == Level.COMMUNE or place.pk == request.user.place_id),
        ),
    )
    return render(request, template, context)


@login_required
@require_GET
def hamlet(request, pk):
    hamlet = get_object_or_404(
        Place.objects.in_scope(request.user).select_related("parent"), pk=pk, level=Level.HAMLET
    )
    today = timezone.localdate()
    form, date, _period = read_picker(request, today, last_day=hamlet.valid_to)
    # Its cells and those of its past (a copied or merged hamlet's): its
    # history runs on across a reorganisation (Place.lineage).
    cells = Cell.objects.within(hamlet)
    context = pages.unit(hamlet=hamlet, cells=cells, date=date)
    context.update(
        cell_ratings=rating_history.cell_history(cells),
        place=hamlet,
        commune=hamlet.parent,
        form=form,
        date=date,
        closure=history.place_closure(hamlet, request.user, today),
    )
    return render(request, "portal/dashboard_unit.html", context)


@login_required
@require_GET
def cell(request, pk):
    cell = get_object_or_404(
        Cell.objects.in_scope(request.user).select_related("hamlet", "committee__place"), pk=pk
    )
    place = cell.hamlet or cell.committee.place
    today = timezone.localdate()
    ends = [day for day in (cell.dissolved_on, place.valid_to) if day is not None]
    form, date, _period = read_picker(request, today, last_day=min(ends, default=None))
    # The cell and the cells it continues (copied or merged into it): its
    # meetings and members run on across a reorganisation.
    cells = Cell.objects.filter(Q(pk=cell.pk) | Q(successions_from__successor=cell))
    context = pages.unit(hamlet=cell.hamlet, cells=cells.distinct(), date=date)
    # Ratings and designations follow every cell it continues, however
    # many reorganisations back (ratings.lineage).
    chain = rating_history.chain_of(cell)
    context.update(
        cell_ratings=rating_history.cell_history(chain),
        designations=rating_history.cell_designations(cell, place, chain, today=today),
        place=place,
        cell=cell,
        commune=cell.committee.place,
        form=form,
        date=date,
        closure=history.cell_closure(cell, request.user, today),
    )
    return render(request, "portal/dashboard_unit.html", context)


@login_required
@require_GET
def ratings_list(request, pk):
    """The rating list of a round (of one cell with ?chi-bo=<id>) as .xlsx:
    the round, the cell and the ratings are all read through `in_scope`, so
    another commune's round or cell is a 404; the download is on the audit
    trail with its row count."""
    if not request.user.has_perm("ratings.view_rating"):
        raise PermissionDenied
    rounds = RatingRound.objects.in_scope(request.user).select_related("place")
    rating_round = get_object_or_404(rounds, pk=pk)
    cell = None
    if "chi-bo" in request.GET:
        cells = Cell.objects.in_scope(request.user)
        cell = get_object_or_404(cells, pk=_id_or_404(request.GET["chi-bo"]))
    rows = rating_list(rating_round, Rating.objects.in_scope(request.user), cell=cell)
    buffer = io.BytesIO()
    scope = cell.path if cell is not None else rating_round.place.path
    export_list(rows, buffer, scope=scope)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{rows.filename_stem}.xlsx",
        content_type=CONTENT_TYPES["xlsx"],
    )


def _quality_place(request, code):
    """(place, form, date) of the data-quality report: the place as the
    dashboard finds it (404 outside the user's scope), on the date picked."""
    if not request.user.has_perm("cells.view_partymember"):
        raise PermissionDenied
    place = _get_place_for_user(request, code)
    today = timezone.localdate()
    form, date, _period = read_picker(request, today, last_day=place.valid_to)
    then = _unit_on(request, code, place, date)
    if then != place:
        place = then
        form, date, _period = read_picker(request, today, last_day=place.valid_to)
    return place, form, date


@login_required
@require_GET
def quality(request, code=None):
    """The data-quality report of the place (cells.quality): each rule's
    total and first rows, for staff and officers alike."""
    place, form, date = _quality_place(request, code)
    context = {
        "place": place,
        "form": form,
        "date": date,
        "results": register_quality.quality_report(place, date, user=request.user),
        "page_rows": register_quality.PAGE_ROWS,
    }
    return render(request, "portal/quality.html", context)


@login_required
@require_GET
def quality_export(request, code=None):
    """The whole report as .xlsx (without the party's header with
    ?tieu-de=0); the download is on the audit trail with its row count."""
    place, _form, date = _quality_place(request, code)
    buffer = io.BytesIO()
    party_header = request.GET.get("tieu-de") != "0"
    register_quality.export_report(
        place, date, buffer, user=request.user, party_header=party_header
    )
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=register_quality.export_filename(place, date),
        content_type=CONTENT_TYPES["xlsx"],
    )


def _id_or_404(value):
    if not value.isdigit():
        raise Http404
    return int(value)
