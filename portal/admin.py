"""Accounts in the admin, and the admin site's Vietnamese titles.

Only superusers manage accounts: an account's place and role decide what its
holder may see, so handing them out stays with the portal's administrator.
Groups follow the role (portal/roles.py) and are not edited by hand.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from core.admin_scope import ScopedAdmin, autocomplete_view

from .models import User
from .roles import assign_role_group

admin.site.site_header = _("Quản lý chi bộ thôn, bản, tổ dân phố")
admin.site.site_title = _("Chi bộ thôn, bản, tổ dân phố")
admin.site.index_title = _("Dữ liệu chi bộ, chức danh và người giữ")
admin.site.empty_value_display = "—"
# Autocomplete results read like the form's choices ("Bản Bo, Xã Tam Lư").
admin.site.autocomplete_view = autocomplete_view(admin.site)

# The index and sidebar follow the records' order of importance and the tree
# (places, cells, people, posts) rather than the alphabet, which would put
# "Địa bàn…" last and "Chức danh" before "Đơn vị hành chính".
APP_ORDER = ["cells", "members", "meetings", "awards", "ratings", "fees", "portal", "auditlog"]
CELLS_MODEL_ORDER = [
    "place",
    "partycommittee",
    "cell",
    "person",
    "partymember",
    "cellmembership",
    "post",
    "holding",
    "term",
    "posttype",
]


def _position(order, key):
    return order.index(key) if key in order else len(order)


def ordered_app_list(request, app_label=None, _app_list=admin.site.get_app_list):
    apps = _app_list(request, app_label)
    apps.sort(key=lambda app: _position(APP_ORDER, app["app_label"]))
    for app in apps:
        if app["app_label"] == "cells":
            app["models"].sort(key=lambda m: _position(CELLS_MODEL_ORDER, m["object_name"].lower()))
    return apps


admin.site.get_app_list = ordered_app_list


class PortalUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "place", "role"]


@admin.register(User)
class PortalUserAdmin(ScopedAdmin, UserAdmin):
    add_form = PortalUserCreationForm
    list_display = ["username", "last_name", "first_name", "place", "role", "is_active"]
    list_select_related = ["place"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["place"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["last_name", "first_name", "email"]}),
        (_("Đơn vị và vai trò"), {"fields": ["place", "role", "is_active", "is_superuser"]}),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "place", "role", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The role decides the permission group and admin access.
        assign_role_group(form.instance)
        form.instance.save(update_fields=["is_staff"])


# The audit trail admin replaces django-auditlog's own (scoped, read-only).
from . import audit_admin  # noqa: E402, F401
from .two_factor import admin as two_factor_admin  # noqa: E402, F401
from .two_factor.forms import SignInForm  # noqa: E402

# The sign-in form asks for the second factor of accounts that enrolled one.
admin.site.login_form = SignInForm
