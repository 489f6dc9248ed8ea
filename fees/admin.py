"""Admin of party fees: the rates (the superuser's), each member's basis,
exemptions and reductions, payments with the statement import, and the two
exports (the cell's monthly report, the warning list) linked from the
payments list.

Every page goes through `ScopedAdmin`: officers read, staff of the place
write, another commune sees nothing (the records hang where the member is
registered, `fees.querysets`)."""

from django.contrib import admin
from django.urls import path

from core.admin_scope import CommuneFilter, ScopedAdmin
from core.imports.admin import ImportAdminMixin

from . import views
from .imports import PaymentImport
from .models import FeeBasis, FeePayment, FeeRate, FeeRelief, FeeShare

MEMBER_SEARCH = ["member__person__search_name", "member__card_number"]


@admin.register(FeeRate)
class FeeRateAdmin(ScopedAdmin):
    list_display = ["kind", "valid_from", "percent", "amount", "rule"]
    list_filter = ["kind"]


@admin.register(FeeShare)
class FeeShareAdmin(ScopedAdmin):
    list_display = ["valid_from", "cell_percent", "rule"]


@admin.register(FeeBasis)
class FeeBasisAdmin(ScopedAdmin):
    list_display = ["member", "kind", "amount", "from_month"]
    list_filter = [CommuneFilter, "kind"]
    search_fields = MEMBER_SEARCH
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]


@admin.register(FeeRelief)
class FeeReliefAdmin(ScopedAdmin):
    list_display = [
        "member",
        "kind",
        "reason",
        "percent",
        "start_month",
        "end_month",
        "decision_number",
        "decision_date",
    ]
    list_filter = [CommuneFilter, "kind", "reason"]
    search_fields = [*MEMBER_SEARCH, "decision_number"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]


class ExportLinksMixin:
    """The links to the two exports above the payments list (the import's
    button is added around this template by ImportAdminMixin)."""

    change_list_template = "admin/fees/feepayment/exports_change_list.html"


@admin.register(FeePayment)
class FeePaymentAdmin(ImportAdminMixin, ExportLinksMixin, ScopedAdmin):
    importer_class = PaymentImport
    list_display = ["member", "month", "amount", "paid_on", "channel", "source"]
    list_filter = [CommuneFilter, "channel", "source", "month"]
    search_fields = [*MEMBER_SEARCH, "reference"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]
    readonly_fields = ["source"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("bao-cao-thang/", wrap(views.month_report_view), name="fees_feepayment_report"),
            path("canh-bao/", wrap(views.warning_list_view), name="fees_feepayment_warnings"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_export_fees": views.may_export(request)}
        return super().changelist_view(request, extra_context)
