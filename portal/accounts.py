"""Provisioning accounts: one code path for `add_user` and the demo users."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from cells.constants import Role

from .roles import assign_role_group


class InactiveAccountError(Exception):
    """The account exists and was deactivated: provisioning it again would
    reopen it, which someone must ask for in so many words."""


@transaction.atomic
def provision_user(*, username, place, role, password=None, reactivate=False):
    """Create `username` or update its place and role; set the password when
    one is given (validated by the password validators). Returns (user, created).
    A deactivated account is reopened only with `reactivate`, else
    InactiveAccountError and nothing changes."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}: use one of {', '.join(Role.values)}.")
    user, created = get_user_model().objects.get_or_create(username=username)
    if not user.is_active and not reactivate:
        raise InactiveAccountError(username)
    user.place = place
    user.role = role
    user.is_active = True
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    assign_role_group(user)
    user.save(update_fields=["is_staff"])
    return user, created
