"""What each role may do, as Django permission groups.

Staff (province, district or commune) add, change, delete and import the
records under their place; officers only view and export them. Reference
data shared by every place (the models whose QuerySet is a SharedQuerySet:
commendation forms, meeting topics, post types, terms) is read-only for
both; the superuser keeps it. The admin (has_*_permission) and the API
(DjangoModelPermissions) both ask these permissions, so this is the one
place the rule lives for a model as a whole; which of its rows a user may
change is the write rule's (`ScopedQuerySet.editable_by`). Import and export
buttons follow them too (IMPORT_EXPORT_*_PERMISSION_CODE in settings).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from cells.constants import Role
from cells.querysets import SharedQuerySet

DOMAIN_APPS = (
    "cells",
    "members",
    "meetings",
    "awards",
    "ratings",
    "fees",
    "transfers",
    "portal",
    "auditlog",
)
# Models every role only reads besides the shared reference data: the
# accounts and the audit trail.
READ_ONLY_MODELS = {"user", "logentry"}

ROLE_GROUP_NAMES = {Role.STAFF: "Cán bộ nhập liệu", Role.OFFICER: "Cán bộ theo dõi"}


def shared_models():
    """Names of the models whose rows every place shares: a row changed by
    one district would change every district's lists."""
    return {
        model._meta.model_name
        for model in apps.get_models()
        if issubclass(getattr(model._default_manager, "_queryset_class", object), SharedQuerySet)
    }


def _permissions_for(role):
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    view = Q(codename__startswith="view_")
    if role == Role.OFFICER:
        return domain.filter(view)
    read_only = READ_ONLY_MODELS | shared_models()
    writable = ~Q(content_type__model__in=read_only) | view
    return domain.filter(writable)


def role_group(role):
    """The group of a role, created and brought up to date on the way."""
    group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
    group.permissions.set(_permissions_for(role))
    return group


def refresh_role_groups(**kwargs):
    """Bring the role groups already stored up to date (post_migrate): a new
    app's permissions reach the accounts that exist, not only those assigned
    a role from now on. Sent once per app; the last one has every app's
    permissions, and setting them again changes nothing."""
    for role, name in ROLE_GROUP_NAMES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.set(_permissions_for(role))


def assign_role_group(user):
    """Put `user` in the group of their role (and no other role's group), and
    let them into the admin, which is the portal's data-entry screen."""
    user.is_staff = True
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()))
    user.groups.add(role_group(user.role))
