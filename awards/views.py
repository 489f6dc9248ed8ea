"""Admin pages of the awards app (wired in awards/admin.py through
`admin_view`, so anonymous visitors are sent to the login page).

Every page fetches its object through `in_scope(user)`: an id outside the
user's scope is a 404, whatever is typed into the URL.
"""

import io

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.exports import CONTENT_TYPES
from core.files import serve_file

from .badges import badge_candidates, badge_list, issue_badge_decision
from .constants import BACKGROUND_EXPORT_ROWS
from .exports import area_list, decision_list, export_list
from .forms import AddRecipientsForm, AreaExportForm, BadgeDecisionForm, BadgeListForm
from .jobs import start_export
from .models import Decision, ExportJob

EXPORT_PERMISSION = "awards.view_award"


def _page(request, template, title, **context):
    return render(
        request,
        template,
        {**admin.site.each_context(request), "title": title, "opts": Decision._meta, **context},
    )


def _decision_for(request, pk):
    decisions = Decision.objects.in_scope(request.user).select_related("body", "occasion", "form")
    return get_object_or_404(decisions, pk=pk)


def _require_export_right(request):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied


def _change_url(decision):
    return reverse("admin:awards_decision_change", args=[decision.pk])


def add_recipients(request, pk):
    """Quick entry: add the recipients matching a filter to a decision."""
    decision = _decision_for(request, pk)
    if not admin.site.get_model_admin(Decision).has_change_permission(request, decision):
        raise PermissionDenied
    form = AddRecipientsForm(request.POST or None, user=request.user, decision=decision)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(
            request, _("Đã thêm %(count)s đối tượng khen thưởng.") % {"count": len(created)}
        )
        return redirect(_change_url(decision))
    return _page(
        request,
        "admin/awards/decision/add_recipients.html",
        _("Thêm đối tượng khen thưởng theo bộ lọc"),
        form=form,
        decision=decision,
    )


def export_decision(request, pk, file_format):
    """The award list of a decision, rows cut to the user's scope."""
    _require_export_right(request)
    if file_format not in CONTENT_TYPES:
        raise Http404
    decision = _decision_for(request, pk)
    user = request.user
    place = user.place or decision.body.place
    params = {"decision": decision.pk, "title": str(decision)}
    return _deliver(request, decision_list(decision, user), file_format, place, params)


def export_area(request):
    """Every award under a place over a period (e.g. a province over a term)."""
    _require_export_right(request)
    form = AreaExportForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return _page(
            request, "admin/awards/exportjob/area.html", _("Xuất danh sách khen thưởng"), form=form
        )
    place, period = form.cleaned_data["place"], form.cleaned_data["period"]
    params = {
        "place": place.pk,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "title": f"{place} {period.code}",
    }
    award_list = area_list(place, period.start, period.end, request.user)
    return _deliver(request, award_list, form.cleaned_data["file_format"], place, params)


def _deliver(request, award_list, file_format, place, params):
    """The file at once, or a background job for a long list."""
    limit = getattr(settings, "AWARDS_BACKGROUND_EXPORT_ROWS", BACKGROUND_EXPORT_ROWS)
    if award_list.count() > limit:
        job = start_export(user=request.user, place=place, params=params, file_format=file_format)
        return redirect("admin:awards_exportjob_progress", job.pk)
    return _file_response(award_list, file_format, place)


def _file_response(award_list, file_format, place, rows=None):
    """The list as a download, its export recorded on the audit trail."""
    buffer = io.BytesIO()
    export_list(award_list, buffer, file_format, scope=place.path, rows=rows)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{award_list.filename_stem}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
    )


def _job_for(request, pk):
    return get_object_or_404(
        ExportJob.objects.in_scope(request.user).select_related("place"), pk=pk
    )


def job_progress(request, pk):
    job = _job_for(request, pk)
    return _page(
        request,
        "admin/awards/exportjob/progress.html",
        _("Đang xuất danh sách"),
        job=job,
        status_url=reverse("admin:awards_exportjob_status", args=[job.pk]),
    )


def job_status(request, pk):
    """The job's progress as JSON, polled by the progress page."""
    job = _job_for(request, pk)
    done = job.is_done
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "row_count": job.row_count,
            "download_url": reverse("admin:awards_exportjob_download", args=[job.pk])
            if done
            else None,
            "error": job.error,
        }
    )


def job_download(request, pk):
    """The job's file, for users whose scope covers the job's place."""
    job = _job_for(request, pk)
    if not job.is_done:
        raise Http404
    _require_export_right(request)
    return serve_file(
        job.file, filename=job.file.name.rsplit("/", 1)[-1], owner=job, rows=job.row_count
    )


def badge_list_view(request):
    """Members due a party badge; download the list, or issue the decision."""
    form = BadgeListForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return _page(request, "admin/awards/decision/badges.html", _("Huy hiệu Đảng"), form=form)
    place, date = form.cleaned_data["place"], form.cleaned_data["date"]
    if request.GET.get("file_format") in CONTENT_TYPES:
        _require_export_right(request)
        award_list, rows = badge_list(place, date)
        return _file_response(award_list, request.GET["file_format"], place, rows=rows)
    decision_form = BadgeDecisionForm(request.POST or None, user=request.user)
    if request.method == "POST":
        response = _issue_badges(request, decision_form, place, date)
        if response:
            return response
    return _page(
        request,
        "admin/awards/decision/badges.html",
        _("Huy hiệu Đảng"),
        form=form,
        candidates=badge_candidates(place, date),
        decision_form=decision_form,
        can_issue=request.user.has_perm("awards.add_decision"),
    )


def _issue_badges(request, decision_form, place, date):
    if not request.user.has_perm("awards.add_decision"):
        raise PermissionDenied
    if not decision_form.is_valid():
        return None
    try:
        decision = issue_badge_decision(place=place, date=date, **decision_form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            decision_form.add_error(None, message)
        return None
    messages.success(request, _("Đã lập quyết định %(decision)s.") % {"decision": decision})
    return redirect(_change_url(decision))
