"""Designations and the committee's decisions on them, in the admin.

A decision's page shows what the records say about the designation's
computed criteria beside it (ratings.designations), and so does the list,
for the rows of its page at once."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_scope import CommuneFilter, ScopedAdmin

from .designations import CHECK_CHOICES, CHECKS, check_cells
from .models import Designation, DesignationGrant


class DesignationForm(forms.ModelForm):
    checks = forms.MultipleChoiceField(
        label=_("tiêu chí kiểm tra từ dữ liệu"),
        choices=CHECK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Designation._meta.get_field("checks").help_text,
    )

    class Meta:
        model = Designation
        fields = ["name", "place", "criteria", "checks", "order"]


@admin.register(Designation)
class DesignationAdmin(ScopedAdmin):
    form = DesignationForm
    list_display = ["name", "owner", "computed_checks"]
    list_select_related = ["place"]
    search_fields = ["name"]
    ordering = ["order", "name", "id"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "place" in form.base_fields:
            # Shared designations are the superuser's: staff name their own place.
            form.base_fields["place"].required = True
        return form

    @admin.display(description=_("đơn vị đặt danh hiệu"), ordering="place__sort_key")
    def owner(self, designation):
        return designation.place or _("Dùng chung")

    @admin.display(description=_("tiêu chí kiểm tra từ dữ liệu"))
    def computed_checks(self, designation):
        return "; ".join(str(CHECKS[code]) for code in designation.checks if code in CHECKS) or "—"


def checks_html(results):
    """The computed checks, one line each: mark, criterion, what the records say."""
    if not results:
        return "—"
    return format_html_join(
        "",
        '<div class="{}">{} {}: {}</div>',
        ((_css(result.passed), result.mark, result.label, result.detail) for result in results),
    )


def _css(passed):
    return {True: "", False: "errornote", None: "help"}[passed]


class GrantChangeList(ChangeList):
    """Computes the checks of the rows shown, all at once (five queries)."""

    def get_results(self, request):
        super().get_results(request)
        grants = list(self.result_list)
        results = check_cells({(grant.cell_id, grant.year) for grant in grants})
        for grant in grants:
            found = results.get((grant.cell_id, grant.year), {})
            grant.computed = [found[code] for code in grant.designation.checks if code in found]


@admin.register(DesignationGrant)
class DesignationGrantAdmin(ScopedAdmin):
    list_display = ["year", "designation", "cell", "decision", "list_checks"]
    list_select_related = ["designation", "cell"]
    list_filter = ["year", "granted", "designation", CommuneFilter]
    search_fields = ["cell__search_name", "document_number"]
    autocomplete_fields = ["cell"]
    ordering = ["-year", "path", "designation__order", "id"]
    fields = [
        "designation",
        "cell",
        "year",
        "granted",
        "decided_by",
        "document_number",
        "document_date",
        "note",
        "computed_checks",
    ]
    readonly_fields = ["computed_checks"]
    label_related = ["cell"]

    def get_changelist(self, request, **kwargs):
        return GrantChangeList

    @admin.display(description=_("quyết định"), ordering="granted")
    def decision(self, grant):
        words = _("Công nhận") if grant.granted else _("Không công nhận")
        if grant.document_number:
            return format_html("{} — {}", words, grant.document_number)
        return words

    @admin.display(description=_("tiêu chí tự kiểm tra (tham khảo)"))
    def list_checks(self, grant):
        return checks_html(getattr(grant, "computed", None))

    @admin.display(description=_("tiêu chí tự kiểm tra từ dữ liệu (tham khảo)"))
    def computed_checks(self, grant):
        if grant.pk is None:
            return _("Hiện sau khi lưu: cổng đối chiếu với số liệu sinh hoạt và xếp loại.")
        codes = grant.designation.checks
        if not codes:
            return _("Danh hiệu này không có tiêu chí tự kiểm tra.")
        found = check_cells([(grant.cell_id, grant.year)], codes=codes)[(grant.cell_id, grant.year)]
        return checks_html([found[code] for code in codes if code in found])
