"""The audit trail in the admin: read-only, and scoped by the place each
entry's record hangs under (core.audit.entries_in_scope)."""

from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.admin_scope import CheckedLookupsMixin, id_from
from core.audit import entries_in_scope

admin.site.unregister(LogEntry)


class CheckedResourceTypeFilter(ResourceTypeFilter):
    """django-auditlog's filter by content type, refusing a value that is no id."""

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(content_type_id=id_from(self.value()))


@admin.register(LogEntry)
class ScopedLogEntryAdmin(CheckedLookupsMixin, LogEntryAdmin):
    list_display = ["when", "resource_url", "action", "msg_short", "user_url", "remote_addr"]
    search_fields = ["object_repr", "actor__username"]
    list_filter = ["action", CheckedResourceTypeFilter, CIDFilter]

    def get_queryset(self, request):
        return entries_in_scope(request.user)

    @admin.display(description=_("thời điểm"), ordering="timestamp")
    def when(self, entry):
        # Stored in UTC; officials read Vietnam time.
        return date_format(timezone.localtime(entry.timestamp), "d/m/Y H:i:s")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
