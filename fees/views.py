"""The two exports of the payments list: the cell's monthly collection and
remittance report, and the warning list of a year. Both read only what the
user's scope holds; officers and staff alike may export (officers print
lists)."""

import io

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.constants import Level
from cells.models import Cell, PartyMember, Place
from core.exports import CONTENT_TYPES, record_download
from core.periods import FIRST_YEAR

from .exports import export_month_report, month_report, write_warning_list
from .ledger import warning_list
from .models import FeePayment

VIEW_PERMISSION = "fees.view_feepayment"
MONTH_INPUT = ["%m/%Y", "%Y-%m", "%d/%m/%Y"]


def may_export(request):
    return request.user.has_perm(VIEW_PERMISSION)


class ReportForm(forms.Form):
    cell = forms.ModelChoiceField(label=_("Chi bộ"), queryset=Cell.objects.none())
    month = forms.DateField(
        label=_("Tháng (mm/yyyy)"), input_formats=MONTH_INPUT, widget=forms.TextInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = Cell.objects.in_scope(user).order_by("sort_key", "pk")

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if not FIRST_YEAR <= month.year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Tháng không hợp lệ."))
        return month


class WarningForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Place.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Provinces, districts and communes: a province's hamlets would be
        # thousands of choices, and a commune's list covers them.
        places = Place.objects.in_scope(user).filter(level__lte=Level.COMMUNE)
        self.fields["place"].queryset = places.order_by("level", "sort_key", "pk")
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Năm chưa đến."))
        return year


def _page(request, form, title):
    context = {
        **admin.site.each_context(request),
        "opts": FeePayment._meta,
        "title": title,
        "form": form,
    }
    return TemplateResponse(request, "admin/fees/feepayment/export_form.html", context)


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def month_report_view(request):
    if not may_export(request):
        raise PermissionDenied
    form = ReportForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return _page(request, form, _("Báo cáo thu, nộp đảng phí tháng"))
    cell, month = form.cleaned_data["cell"], form.cleaned_data["month"]
    report = month_report(cell, month)
    output = io.BytesIO()
    export_month_report(report, output, scope=cell.path)
    return _xlsx(output.getvalue(), report.filename)


def warning_list_view(request):
    if not may_export(request):
        raise PermissionDenied
    form = WarningForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return _page(request, form, _("Danh sách đảng viên chưa đóng đảng phí từ 3 tháng"))
    place, year = form.cleaned_data["place"], form.cleaned_data["year"]
    members = PartyMember.objects.in_scope(request.user).within(place)
    warnings = warning_list(members, year, timezone.localdate())
    output = io.BytesIO()
    count = write_warning_list(place, year, warnings, output)
    filename = f"canh-bao-dang-phi-{place.pk}-{year}.xlsx"
    record_download(about=FeePayment, what=filename, rows=count, scope=place.path)
    return _xlsx(output.getvalue(), filename)
