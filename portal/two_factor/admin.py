"""Second-factor devices in the admin: superusers see and remove them (a
lost phone), nobody adds or edits one here or sees its secret key."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_scope import CheckedLookupsMixin
from portal.models import SecondFactorDevice

# django-otp's own device admin shows the keys and their QR codes.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(SecondFactorDevice)
class SecondFactorDeviceAdmin(CheckedLookupsMixin, admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
