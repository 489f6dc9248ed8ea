"""What each role may do, as Django permission groups.

Staff (province, district or commune) add, change, delete and import the
records under their place; officers only view and export them. Reference
data shared by every place (post types, terms) is read-only for both; the
superuser keeps it. Import and export buttons follow these permissions
(IMPORT_EXPORT_*_PERMISSION_CODE in settings).
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from cells.constants import Role

DOMAIN_APPS = ("cells", "meetings", "awards", "portal", "auditlog")
# Models every role only reads: shared reference data, the accounts, the audit trail.
READ_ONLY_MODELS = {"posttype", "term", "user", "logentry"}

ROLE_GROUP_NAMES = {Role.STAFF: "Cán bộ nhập liệu", Role.OFFICER: "Cán bộ theo dõi"}


def _permissions_for(role):
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    view = Q(codename__startswith="view_")
    if role == Role.OFFICER:
        return domain.filter(view)
    writable = ~Q(content_type__model__in=READ_ONLY_MODELS) | view
    return domain.filter(writable)


def role_group(role):
    """The group of a role, created and brought up to date on the way."""
    group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
    group.permissions.set(_permissions_for(role))
    return group


def assign_role_group(user):
    """Put `user` in the group of their role (and no other role's group), and
    let them into the admin, which is the portal's data-entry screen."""
    user.is_staff = True
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()))
    user.groups.add(role_group(user.role))
