"""Downloading a report, asking for a rebuild, and following its progress.
Reports are fetched through the one scoping rule: outside scope is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import serve_file
from core.periods import Period, PeriodError
from portal.dashboards.views import _get_place_for_user
from portal.models import Report, ReportStatus

from . import services
from .periods import REPORT_KINDS


def _get_report_for_user(request, pk):
    return get_object_or_404(Report.objects.in_scope(request.user).select_related("place"), pk=pk)


@login_required
@require_GET
def download(request, pk):
    report = _get_report_for_user(request, pk)
    return serve_file(report.file, filename=report.download_name, owner=report)


@login_required
@require_GET
def status(request, pk):
    report = _get_report_for_user(request, pk)
    return JsonResponse(
        {
            "id": report.pk,
            "status": report.status,
            "status_label": report.get_status_display(),
            "ready": report.status == ReportStatus.DONE and report.is_ready,
            "download_url": reverse("report-download", args=[report.pk]) if report.file else None,
            "built_at": report.built_at.isoformat() if report.built_at else None,
        }
    )


@login_required
@require_POST
def rebuild(request, code):
    """Staff ask for the report of a period to be built again (or at all)."""
    place = _get_place_for_user(request, code)
    if not request.user.can_edit:
        raise PermissionDenied
    try:
        period = Period.parse(request.POST.get("period", ""))
    except PeriodError as error:
        messages.error(request, str(error))
        return redirect("dashboard-place", code=code)
    if period.kind not in REPORT_KINDS:
        messages.error(request, _("Chỉ lập báo cáo tháng, quý, 6 tháng hoặc năm."))
        return redirect("dashboard-place", code=code)
    report = services.request_rebuild(place=place, period=period)
    services.enqueue_rebuild(report)
    messages.info(request, _("Đang lập %(report)s.") % {"report": report})
    return redirect(f"{reverse('dashboard-place', args=[code])}?building={report.pk}#bao-cao")
