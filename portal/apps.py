from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from core.audit import register_app_models

        # Connect the sign-in time stamp and the lockout's audit entry.
        from . import lockout, sessions  # noqa: F401
        from .roles import refresh_role_groups

        # "key": the secret of a second-factor device never goes on the trail.
        register_app_models(self, exclude_fields=("password", "last_login", "key"))
        post_migrate.connect(refresh_role_groups, dispatch_uid="portal.refresh_role_groups")
