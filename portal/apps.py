from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from cells.audit import register_app_models

        from . import sessions  # noqa: F401  (connects the sign-in time stamp)

        register_app_models(self, exclude_fields=("password", "last_login"))
