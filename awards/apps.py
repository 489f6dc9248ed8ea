from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Snapshot columns computed from others: logging them would repeat the change.
DERIVED_FIELDS = ("name_sort_key", "commune_sort_key", "hamlet_sort_key")


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from core.audit import register_app_models

        register_app_models(self, exclude_fields=DERIVED_FIELDS)
