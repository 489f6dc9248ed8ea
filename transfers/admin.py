"""Transfers in the admin: a list scoped like every other (both sides read
a transfer), the deadlines as columns and filters, the letter to download.
A save goes through `services.save_transfer`, which moves the cell
memberships once the transfer is presented."""

import io

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cells.admin.common import NO_VALUE
from core.admin_scope import CommuneFilter, ScopedAdmin, refuse_unless_editable
from core.exports import CONTENT_TYPES

from .constants import TransferStatus
from .letter import export_letter, filename
from .models import Transfer
from .services import save_transfer


class StatusFilter(SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return TransferStatus.choices

    def queryset(self, request, queryset):
        if self.value() in TransferStatus.values:
            return queryset.with_status(self.value())
        return queryset


class LateFilter(SimpleListFilter):
    title = _("thời hạn")
    parameter_name = "qua_han"
    LATE, ON_TIME = "co", "khong"

    def lookups(self, request, model_admin):
        return [(self.LATE, _("Quá hạn")), (self.ON_TIME, _("Đúng hạn"))]

    def queryset(self, request, queryset):
        late = Transfer.objects.late_condition(timezone.localdate())
        if self.value() == self.LATE:
            return queryset.filter(late)
        if self.value() == self.ON_TIME:
            return queryset.exclude(late)
        return queryset


def _date(day):
    return f"{day:%d/%m/%Y}" if day else NO_VALUE


def _deadline(day, late):
    if day is None:
        return NO_VALUE
    if late:
        return format_html('<strong class="errornote">{} — {}</strong>', _date(day), _("quá hạn"))
    return _date(day)


@admin.register(Transfer)
class TransferAdmin(ScopedAdmin):
    list_display = [
        "member_name",
        "kind",
        "origin",
        "destination",
        "moved_on",
        "requested_on",
        "request_deadline",
        "letter",
        "presented_on",
        "presentation_deadline",
        "status",
        "letter_link",
    ]
    list_select_related = ["member__person", "from_cell", "to_cell"]
    list_filter = ["kind", StatusFilter, LateFilter, CommuneFilter]
    search_fields = ["member__person__search_name", "member__card_number", "letter_number"]
    autocomplete_fields = ["member", "from_cell", "to_cell"]
    readonly_fields = ["request_deadline", "presentation_deadline", "letter_link"]
    date_hierarchy = "moved_on"
    fieldsets = [
        (None, {"fields": ["member", "kind", "reason"]}),
        (_("Nơi đi, nơi đến"), {"fields": ["from_cell", "from_outside", "to_cell", "to_outside"]}),
        (
            _("Ngày tháng và thời hạn"),
            {
                "fields": [
                    "moved_on",
                    "requested_on",
                    "request_deadline",
                    "letter_number",
                    "letter_date",
                    "fees_paid_through",
                    "presented_on",
                    "presentation_deadline",
                    "end_date",
                ]
            },
        ),
        (None, {"fields": ["note", "letter_link"]}),
    ]

    @admin.display(description=_("đảng viên"), ordering="member__person__sort_key")
    def member_name(self, transfer):
        return transfer.member.person.full_name

    @admin.display(description=_("nơi đi"))
    def origin(self, transfer):
        return transfer.origin

    @admin.display(description=_("nơi đến"))
    def destination(self, transfer):
        return transfer.destination

    @admin.display(description=_("hạn đề nghị (60 ngày làm việc)"), ordering="request_due")
    def request_deadline(self, transfer):
        return _deadline(transfer.request_due, transfer.request_late)

    @admin.display(description=_("hạn nộp giấy (30 ngày)"), ordering="presentation_due")
    def presentation_deadline(self, transfer):
        return _deadline(transfer.presentation_due, transfer.presentation_late())

    @admin.display(description=_("giấy giới thiệu"))
    def letter(self, transfer):
        if not transfer.letter_date:
            return NO_VALUE
        return f"{transfer.letter_number or '…'} ({_date(transfer.letter_date)})"

    @admin.display(description=_("tình trạng"))
    def status(self, transfer):
        return TransferStatus(transfer.status()).label

    @admin.display(description=_("tải giấy giới thiệu"))
    def letter_link(self, transfer):
        if transfer is None or transfer.pk is None:
            return NO_VALUE
        url = reverse("admin:transfers_transfer_letter", args=[transfer.pk])
        return format_html('<a href="{}">{}</a>', url, _("Giấy giới thiệu (.xlsx)"))

    def save_model(self, request, obj, form, change):
        # The form has run Transfer.clean (every rule, the memberships' too).
        # Saved once, through the service, then checked as ScopedAdmin does.
        save_transfer(obj, validate=False)
        refuse_unless_editable(request.user, [obj])

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/giay-gioi-thieu/",
                self.admin_site.admin_view(self.letter_view),
                name="transfers_transfer_letter",
            )
        ]
        return own + super().get_urls()

    def letter_view(self, request, object_id):
        """The letter of a transfer the user may see (in_scope); 404 otherwise."""
        transfer = self.get_object(request, object_id)
        if transfer is None or not self.has_view_permission(request, transfer):
            raise Http404
        buffer = io.BytesIO()
        export_letter(transfer, buffer)
        buffer.seek(0)
        return FileResponse(
            buffer,
            as_attachment=True,
            filename=filename(transfer),
            content_type=CONTENT_TYPES["xlsx"],
        )
