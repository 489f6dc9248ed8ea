from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Đánh giá, xếp loại")

    def ready(self):
        from core.audit import register_app_models

        register_app_models(self)
