from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Đảng phí")

    def ready(self):
        from core.audit import register_app_models

        register_app_models(self)
