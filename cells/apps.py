from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CellsConfig(AppConfig):
    name = "cells"
    verbose_name = _("Địa bàn, chi bộ và chức danh")

    def ready(self):
        from core.audit import register_app_models

        register_app_models(self)
