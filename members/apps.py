from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Hồ sơ đảng viên")

    def ready(self):
        from core.audit import register_app_models

        register_app_models(self)
