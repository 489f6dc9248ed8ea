"""Accounts: every user is tied to a place and a role."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cells.constants import Role


class User(AbstractUser):
    """A portal account. Staff edit everything under their place; officers
    read it. What "under their place" means is decided in one rule,
    `ScopedQuerySet.in_scope`."""

    place = models.ForeignKey(
        "cells.Place",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.OFFICER)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def clean(self):
        super().clean()
        if not self.is_superuser and self.place_id is None:
            raise ValidationError({"place": _("Tài khoản phải gắn với một đơn vị.")})

    def get_additional_data(self):
        """Scope of this account's audit entries (see cells.audit)."""
        return {"scope": self.place.path if self.place_id else "/"}

    @property
    def can_edit(self):
        """Whether the account may write records in its scope."""
        return self.is_active and (self.is_superuser or self.role == Role.STAFF)
